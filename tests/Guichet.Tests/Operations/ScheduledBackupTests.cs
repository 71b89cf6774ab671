using Guichet.Features.Operations;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Guichet.Tests.Operations;

/// <summary>The daily job: one archive a day once the hour has come, old ones pruned by the rule, idempotent.</summary>
public class ScheduledBackupTests
{
    [Fact]
    public async Task Makes_the_days_archive_once_and_prunes_the_old_ones()
    {
        var directory = Directory.CreateTempSubdirectory("guichet-scheduled-").FullName;
        var restored = Directory.CreateTempSubdirectory("guichet-scheduled-restored-").FullName;
        var app = new ConfiguredApp(new Dictionary<string, string?> { ["Guichet:Backup:Directory"] = directory });
        try
        {
            await app.InitializeAsync();
            var today = app.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb.GetSystemDefault()).Date;
            Assert.Equal(new LocalDate(2026, 4, 13), today);
            for (var day = new LocalDate(2026, 1, 1); day < today; day = day.PlusDays(1))
            {
                await File.WriteAllTextAsync(Path.Combine(directory, BackupRetention.FileName(day)), "ancienne archive");
            }

            await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "x");

            var done = await app.WithServiceAsync<ScheduledBackup, int>(job => job.RunOnceAsync(CancellationToken.None));

            var left = Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(
                [
                    "guichet-2026-02-28.tar.gz", "guichet-2026-03-29.tar.gz", "guichet-2026-03-31.tar.gz", "guichet-2026-04-05.tar.gz",
                    "guichet-2026-04-07.tar.gz", "guichet-2026-04-08.tar.gz", "guichet-2026-04-09.tar.gz", "guichet-2026-04-10.tar.gz",
                    "guichet-2026-04-11.tar.gz", "guichet-2026-04-12.tar.gz", "guichet-2026-04-13.tar.gz", "notes.txt",
                ],
                left);
            Assert.Equal(1 + (102 - 10), done);

            // The day's archive is a real one: it restores and verifies.
            var installation = new Installation(restored, Path.Combine(restored, "attachments"), Path.Combine(restored, "keys"), null);
            var report = await BackupArchive.RestoreAsync(Path.Combine(directory, "guichet-2026-04-13.tar.gz"), installation, force: false, CancellationToken.None);
            Assert.True(report.Rows > 20, $"{report.Rows} rows");

            // Run again the same day: nothing more.
            Assert.Equal(0, await app.WithServiceAsync<ScheduledBackup, int>(job => job.RunOnceAsync(CancellationToken.None)));
            Assert.Equal(left, Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            Directory.Delete(restored, recursive: true);
        }
    }
}
