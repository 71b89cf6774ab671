using System.Collections.Concurrent;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using Guichet.Features.Operations;
using Guichet.Tests.Api;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Guichet.Tests.Operations;

/// <summary>
/// <c>guichet backup</c> while clients create tickets and upload files, then <c>guichet restore</c> into a new
/// installation: everything acknowledged before the backup began is there, byte for byte.
/// </summary>
public abstract class BackupTests(GuichetApp app)
{
    private sealed record Acked(string Token, long Number, long At);

    private sealed record AckedFile(string Token, Guid Id, byte[] Bytes, long At);

    [Fact]
    public async Task Backup_under_load_restores_every_acknowledged_ticket_and_attachment()
    {
        var w = app.World;
        var tickets = new ConcurrentBag<Acked>();
        var files = new ConcurrentBag<AckedFile>();
        using var stop = new CancellationTokenSource();

        async Task LoadAsync(World.Org org, int seed)
        {
            var random = new Random(seed);
            using var client = app.As(org.Referent.Token);
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var created = await client.PostJsonAsync("/api/v1/tickets", new
                {
                    productId = w.ProductId,
                    queueId = w.QueueId,
                    versionId = w.VersionId,
                    serviceType = "bug-applicatif",
                    subject = $"Charge {seed}-{i}",
                    body = "Demande créée pendant la sauvegarde.",
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var number = (await created.ReadAsync()).GetProperty("number").GetInt64();
                tickets.Add(new Acked(org.Referent.Token, number, Stopwatch.GetTimestamp()));
                if (i++ % 3 == 0)
                {
                    var bytes = new byte[random.Next(1, 40_000)];
                    random.NextBytes(bytes);
                    var upload = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", $"piece-{seed}-{i}.bin" } };
                    var uploaded = await client.PostAsync($"/api/v1/tickets/{number}/attachments", upload);
                    if (uploaded.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        // The per-user upload rate (Attachments:UploadsPerMinute) refused it: not acknowledged, not expected back.
                        continue;
                    }

                    Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
                    files.Add(new AckedFile(org.Referent.Token, (await uploaded.ReadAsync()).GetProperty("id").GetGuid(), bytes, Stopwatch.GetTimestamp()));
                }
            }
        }

        var load = new[] { LoadAsync(w.A, 1), LoadAsync(w.A, 2), LoadAsync(w.B, 3), LoadAsync(w.B, 4) };
        while (tickets.Count < 40 && !load.Any(t => t.IsFaulted))
        {
            await Task.Delay(50);
        }

        var archive = Path.Combine(Path.GetTempPath(), $"guichet-backup-{Guid.NewGuid():N}.tar.gz");
        var restored = Directory.CreateTempSubdirectory("guichet-restored-").FullName;
        var restoredDatabase = app.UsesPostgres ? await CreateDatabaseAsync() : null;
        try
        {
            var begun = Stopwatch.GetTimestamp();
            var backup = await GuichetExe.RunAsync(GuichetExe.Postgres(PostgresOf(app)), "backup", "--to", archive, "--data", app.DataDirectory);
            var ended = Stopwatch.GetTimestamp();
            await Task.Delay(200);
            await stop.CancelAsync();
            await Task.WhenAll(load);

            Assert.True(backup.Code == 0, backup.Err);
            Assert.StartsWith("Sauvegarde écrite : ", backup.Out, StringComparison.Ordinal);
            Assert.Equal("", backup.Err);
            var before = tickets.Where(t => t.At < begun).ToList();
            var filesBefore = files.Where(f => f.At < begun).ToList();
            Assert.True(tickets.Any(t => t.At > begun && t.At < ended), "no ticket was created while the backup ran: the test proves nothing");
            Assert.NotEmpty(filesBefore);

            var restore = await GuichetExe.RunAsync(GuichetExe.Postgres(restoredDatabase), "restore", "--from", archive, "--data", restored);
            Assert.True(restore.Code == 0, restore.Err);
            Assert.StartsWith("Restauration vérifiée : intégrité correcte", restore.Out, StringComparison.Ordinal);

            if (!app.UsesPostgres)
            {
                await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(restored, "guichet.db")};Mode=ReadOnly;Pooling=False");
                await sqlite.OpenAsync();
                await using var check = sqlite.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                Assert.Equal("ok", await check.ExecuteScalarAsync());
            }

            await using var server = new InstalledApp(restored, restoredDatabase, app.Clock.GetCurrentInstant());
            await using (var scope = server.Services.CreateAsyncScope())
            {
                // What "guichet serve" does first: the restored schema is already up to date.
                var db = scope.ServiceProvider.GetRequiredService<global::Guichet.Data.GuichetDbContext>();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                await global::Guichet.Data.Database.MigrateAsync(db);
            }

            foreach (var ticket in before)
            {
                using var client = server.As(ticket.Token);
                var found = await client.GetAsync($"/api/v1/tickets/{ticket.Number}");
                Assert.True(found.StatusCode == HttpStatusCode.OK, $"ticket {ticket.Number}, acknowledged before the backup, is missing: {(int)found.StatusCode}");
            }

            foreach (var file in filesBefore)
            {
                using var client = server.As(file.Token);
                var download = await client.GetAsync($"/api/v1/attachments/{file.Id}");
                Assert.True(download.StatusCode == HttpStatusCode.OK, $"attachment {file.Id}: {(int)download.StatusCode}");
                var body = await download.Content.ReadAsByteArrayAsync();
                Assert.True(file.Bytes.SequenceEqual(body), $"attachment {file.Id} differs");
            }
        }
        finally
        {
            await stop.CancelAsync();
            File.Delete(archive);
            SqliteConnection.ClearAllPools();
            Directory.Delete(restored, recursive: true);
            if (restoredDatabase is not null)
            {
                await DropDatabaseAsync(restoredDatabase);
            }
        }
    }

    [Fact]
    public async Task Restore_refuses_a_damaged_archive_and_a_target_with_data()
    {
        var archive = Path.Combine(Path.GetTempPath(), $"guichet-backup-{Guid.NewGuid():N}.tar.gz");
        var damaged = archive + ".damaged.tar.gz";
        var target = Directory.CreateTempSubdirectory("guichet-restored-").FullName;
        var database = app.UsesPostgres ? await CreateDatabaseAsync() : null;
        try
        {
            var installation = await app.WithServiceAsync<Installation, Installation>(Task.FromResult);
            var report = await BackupArchive.CreateAsync(installation, archive, app.Clock.GetCurrentInstant(), CancellationToken.None);
            Assert.True(report.Rows > 0);
            var environment = GuichetExe.Postgres(database);

            // A damaged archive is refused before anything is written: the archive's own check (gzip, tar, manifest,
            // checksums), the same code whatever the database, so it is run once, on SQLite (each case starts the
            // command, which costs the PostgreSQL run 4 process starts for nothing new).
            if (database is null)
            {
                // Truncated: the end of the archive (and so the manifest) is missing.
                var bytes = await File.ReadAllBytesAsync(archive);
                await File.WriteAllBytesAsync(damaged, bytes[..(bytes.Length * 2 / 3)]);
                await AssertRefusedAsync(environment, damaged, target, "archive ");

                // One byte changed inside a file: the checksum differs (the archive is rewritten, so gzip itself is sound).
                await RewriteAsync(archive, damaged, (name, data) => name.StartsWith("database/", StringComparison.Ordinal) ? Flip(data) : data, keepManifest: true);
                await AssertRefusedAsync(environment, damaged, target, "somme de contrôle");

                // No manifest.
                await RewriteAsync(archive, damaged, (_, data) => data, keepManifest: false);
                await AssertRefusedAsync(environment, damaged, target, "manifeste");

                // Not an archive at all.
                await File.WriteAllTextAsync(damaged, "ceci n'est pas une archive");
                await AssertRefusedAsync(environment, damaged, target, "archive ");
            }
            else
            {
                // On PostgreSQL, one damaged case: a changed byte in the database dump is caught before pg_restore runs.
                await RewriteAsync(archive, damaged, (name, data) => name.StartsWith("database/", StringComparison.Ordinal) ? Flip(data) : data, keepManifest: true);
                await AssertRefusedAsync(environment, damaged, target, "somme de contrôle");
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(target));

            // A sound archive into a target that holds data: refused without --force, replaced with it.
            File.WriteAllText(Path.Combine(target, "deja-la.txt"), "x");
            await AssertRefusedAsync(environment, archive, target, "--force");
            var forced = await GuichetExe.RunAsync(environment, "restore", "--from", archive, "--data", target, "--force");
            Assert.True(forced.Code == 0, forced.Err);
            Assert.Contains($"{report.Rows} lignes dans {report.Tables} tables", forced.Out, StringComparison.Ordinal);

            if (database is not null)
            {
                // An empty data directory is not enough: the target database has tables now.
                var empty = Directory.CreateTempSubdirectory("guichet-restored-").FullName;
                await AssertRefusedAsync(environment, archive, empty, "--force");
                Directory.Delete(empty, recursive: true);
            }
        }
        finally
        {
            File.Delete(archive);
            File.Delete(damaged);
            SqliteConnection.ClearAllPools();
            Directory.Delete(target, recursive: true);
            if (database is not null)
            {
                await DropDatabaseAsync(database);
            }
        }
    }

    private static async Task AssertRefusedAsync(IReadOnlyDictionary<string, string?> environment, string archive, string target, string? expected)
    {
        var refused = await GuichetExe.RunAsync(environment, "restore", "--from", archive, "--data", target);
        if (expected is null)
        {
            Assert.True(refused.Code == 0, refused.Err);
            return;
        }

        Assert.Equal(2, refused.Code);
        Assert.Equal("", refused.Out);
        var line = Assert.Single(refused.Err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("guichet: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private static byte[] Flip(byte[] data)
    {
        var copy = data.ToArray();
        copy[copy.Length / 2] ^= 0x55;
        return copy;
    }

    private static async Task RewriteAsync(string source, string destination, Func<string, byte[], byte[]> change, bool keepManifest)
    {
        await using var input = File.OpenRead(source);
        await using var gunzip = new GZipStream(input, CompressionMode.Decompress);
        await using var reader = new TarReader(gunzip);
        await using var output = File.Create(destination);
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        await using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.Name == BackupArchive.ManifestName && !keepManifest)
            {
                continue;
            }

            using var buffer = new MemoryStream();
            await entry.DataStream!.CopyToAsync(buffer);
            var data = entry.Name == BackupArchive.ManifestName ? buffer.ToArray() : change(entry.Name, buffer.ToArray());
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = new MemoryStream(data) });
        }
    }

    private static string? PostgresOf(GuichetApp app) =>
        app.UsesPostgres ? Microsoft.Extensions.Configuration.ConfigurationExtensions.GetConnectionString(app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), "Guichet") : null;

    private static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("GUICHET_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(server), "GUICHET_TEST_POSTGRES is not set: run the suites with ./test.sh, which starts a PostgreSQL server.");
        var name = "guichet_restore_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable("GUICHET_TEST_POSTGRES"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteBackupTests(SqliteApp app) : BackupTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresBackupTests(PostgresApp app) : BackupTests(app), IClassFixture<PostgresApp>;
