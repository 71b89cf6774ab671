using System.Diagnostics;
using System.Net;
using Guichet.Tests.Api;
using Guichet.Tests.Portal;
using Microsoft.Data.Sqlite;

namespace Guichet.Tests.Operations;

/// <summary>
/// Faults of the machine, for real: a data directory on a small tmpfs filled to the last byte, a PostgreSQL cluster
/// stopped under the application. The API says what happened (507 <c>storage_full</c>, 503
/// <c>database_unavailable</c> with <c>Retry-After</c>), pages show the French error page, and the application
/// recovers without a restart.
/// </summary>
public class FaultTests
{
    [Fact]
    public async Task Disk_full_answers_507_storage_full_and_recovers_when_space_is_freed()
    {
        var mount = Directory.CreateTempSubdirectory("guichet-tmpfs-").FullName;
        var mounted = await RunAsync("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", mount);
        Assert.True(mounted.Code == 0, $"mounting a tmpfs needs root (the CI runs the tests as root): {mounted.Err}");
        ConfiguredApp? app = null;
        try
        {
            app = new ConfiguredApp(new Dictionary<string, string?> { ["Guichet:DataDirectory"] = mount });
            await app.InitializeAsync();
            var w = app.World;
            using var api = app.As(w.A.Referent.Token);
            var ticket = (await (await CreateTicketAsync(api, w)).ReadAsync()).GetProperty("number").GetInt64();
            using var page = await PortalClient.SignInAsync(app, w.A.Referent.Email);

            // The WAL is emptied first, so that the next write has to grow a file; then the disk is filled.
            await using (var sqlite = new SqliteConnection($"Data Source={Path.Combine(mount, "guichet.db")};Pooling=False"))
            {
                await sqlite.OpenAsync();
                await using var checkpoint = sqlite.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync();
            }

            Directory.CreateDirectory(Path.Combine(mount, "attachments"));
            var filler = Path.Combine(mount, "remplissage");
            Fill(filler);

            var created = await CreateTicketAsync(api, w);
            await AssertProblemAsync(created, HttpStatusCode.InsufficientStorage, "storage_full", "Espace de stockage insuffisant.");
            Assert.False(created.Headers.Contains("Retry-After"));

            var upload = await api.PostAsync($"/api/v1/tickets/{ticket}/attachments", new MultipartFormDataContent { { new ByteArrayContent(new byte[30_000]), "file", "capture.png" } });
            await AssertProblemAsync(upload, HttpStatusCode.InsufficientStorage, "storage_full", "Espace de stockage insuffisant.");
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(mount, "attachments")));

            var form = await page.PostFormAsync("/demandes/nouvelle", "/demandes/nouvelle", new Dictionary<string, string>
            {
                ["QueueId"] = w.QueueId.ToString(),
                ["ProductId"] = w.ProductId.ToString(),
                ["VersionId"] = w.VersionId.ToString(),
                ["ServiceType"] = "bug-applicatif",
                ["Subject"] = "Depuis le portail",
                ["Body"] = "Le disque est plein.",
            });
            Assert.Equal(HttpStatusCode.InsufficientStorage, form.StatusCode);
            Assert.Equal("text/html", form.Content.Headers.ContentType?.MediaType);
            var html = await form.Content.ReadAsStringAsync();
            Assert.Contains("<h1>Espace de stockage insuffisant</h1>", html, StringComparison.Ordinal);

            // Space is freed: the same requests succeed, without a restart.
            File.Delete(filler);
            Assert.Equal(HttpStatusCode.Created, (await CreateTicketAsync(api, w)).StatusCode);
            var again = await api.PostAsync($"/api/v1/tickets/{ticket}/attachments", new MultipartFormDataContent { { new ByteArrayContent(new byte[30_000]), "file", "capture.png" } });
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }
        finally
        {
            if (app is not null)
            {
                await ((IAsyncLifetime)app).DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            var unmounted = await RunAsync("umount", mount);
            if (unmounted.Code != 0)
            {
                await RunAsync("umount", "-l", mount);
            }

            Directory.Delete(mount, recursive: true);
        }
    }

    [Fact]
    public async Task Database_down_answers_503_with_retry_after_and_recovers_when_it_is_back()
    {
        await using var postgres = await ThrowawayPostgres.StartAsync();
        var app = new ConfiguredApp(new Dictionary<string, string?> { ["ConnectionStrings:Guichet"] = postgres.ConnectionString() });
        try
        {
            await app.InitializeAsync();
            var w = app.World;
            using var api = app.As(w.A.Referent.Token);
            Assert.Equal(HttpStatusCode.Created, (await CreateTicketAsync(api, w)).StatusCode);
            using var page = await PortalClient.SignInAsync(app, w.A.Referent.Email);
            Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/demandes")).StatusCode);

            await postgres.StopAsync();

            var list = await api.GetAsync("/api/v1/tickets");
            await AssertProblemAsync(list, HttpStatusCode.ServiceUnavailable, "database_unavailable", "Base de données momentanément indisponible.");
            Assert.Equal("30", list.Headers.GetValues("Retry-After").Single());
            var created = await CreateTicketAsync(api, w);
            await AssertProblemAsync(created, HttpStatusCode.ServiceUnavailable, "database_unavailable", "Base de données momentanément indisponible.");

            var shown = await page.GetAsync("/demandes");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, shown.StatusCode);
            Assert.Equal("text/html", shown.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<h1>Service momentanément indisponible</h1>", WebUtility.HtmlDecode(await shown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.True(shown.Headers.Contains("Retry-After"));

            await postgres.StartAgainAsync();

            // Connections broken by the stop are dropped as they fail; within a few requests the API answers again.
            var watch = Stopwatch.StartNew();
            HttpStatusCode status;
            do
            {
                status = (await CreateTicketAsync(api, w)).StatusCode;
                if (status != HttpStatusCode.Created)
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                    await Task.Delay(200);
                }
            }
            while (status != HttpStatusCode.Created && watch.Elapsed < TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.Created, status);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/tickets")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/demandes")).StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }

    private static Task<HttpResponseMessage> CreateTicketAsync(HttpClient api, World w) =>
        api.PostJsonAsync("/api/v1/tickets", new
        {
            productId = w.ProductId,
            queueId = w.QueueId,
            versionId = w.VersionId,
            serviceType = "bug-applicatif",
            subject = "Pendant la panne",
            body = "Cette demande arrive pendant une panne.",
        });

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync();
        Assert.Equal(code, problem.Code());
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    /// <summary>Writes zeros until the file system refuses (ENOSPC).</summary>
    private static void Fill(string path)
    {
        var block = new byte[64 * 1024];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }

        // What is left (less than a block) is filled byte by byte.
        try
        {
            while (true)
            {
                stream.WriteByte(0);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full to the byte.
        }
    }

    private static async Task<(int Code, string Err)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }
}
