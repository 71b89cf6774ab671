using System.Data;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Guichet.Features.Operations;

/// <summary>Where an installation keeps what a backup holds: the database, the attachments and the data-protection keys.</summary>
/// <param name="PostgresConnectionString">Null on SQLite (the file <c>guichet.db</c> in the data directory).</param>
internal sealed record Installation(string DataDirectory, string AttachmentsDirectory, string KeysDirectory, string? PostgresConnectionString)
{
    public const string SqliteFileName = "guichet.db";

    public string SqlitePath => Path.Combine(DataDirectory, SqliteFileName);

    public string Provider => PostgresConnectionString is null ? "sqlite" : "postgresql";
}

/// <summary>The archive's table of contents, written last (<c>manifest.json</c>): rows per table and a checksum for every file.</summary>
internal sealed record BackupManifest(int Format, string CreatedAt, string Provider, IReadOnlyDictionary<string, long> Tables, IReadOnlyList<BackupFile> Files);

/// <summary>A file of the archive: its path inside it, its size and its SHA-256 (lower-case hex).</summary>
internal sealed record BackupFile(string Path, long Size, string Sha256);

/// <summary>What a backup wrote.</summary>
internal sealed record BackupReport(string Archive, long Bytes, int Tables, long Rows, int Attachments, IReadOnlyList<string> MissingAttachments);

/// <summary>What a restore put back and checked.</summary>
internal sealed record RestoreReport(int Tables, long Rows, int Files);

/// <summary>An archive that cannot be restored (damaged, truncated, of another kind) or a target that must not be overwritten.</summary>
internal sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>A restore whose result does not match the archive's manifest.</summary>
internal sealed class RestoreVerificationException(string message) : Exception(message);

/// <summary>
/// A consistent archive (<c>.tar.gz</c>) of a running installation, and its restoration. The database is copied
/// first, as one snapshot (SQLite's online backup API; <c>pg_dump</c> on an exported snapshot for PostgreSQL);
/// attachments are write-once files written before the row that names them is committed, so copying afterwards
/// every file a row of the snapshot names gives a complete archive (a file written later and not named is left out).
/// The manifest comes last: an archive cut short has none and is refused.
/// </summary>
internal static class BackupArchive
{
    public const string ManifestName = "manifest.json";
    public const int Format = 1;
    private const string DatabasePrefix = "database/";
    private const string AttachmentsPrefix = "attachments/";
    private const string KeysPrefix = "keys/";
    private const string SqliteEntry = DatabasePrefix + Installation.SqliteFileName;
    private const string PostgresEntry = DatabasePrefix + "guichet.dump";

    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupReport> CreateAsync(Installation installation, string archivePath, Instant now, CancellationToken ct)
    {
        archivePath = Path.GetFullPath(archivePath);
        var folder = Path.GetDirectoryName(archivePath)!;
        System.IO.Directory.CreateDirectory(folder);
        var staging = System.IO.Directory.CreateDirectory(Path.Combine(folder, $".guichet-backup-{Guid.NewGuid():N}")).FullName;
        var partial = archivePath + ".partial";
        try
        {
            var snapshot = installation.PostgresConnectionString is { } postgres
                ? await SnapshotPostgresAsync(postgres, Path.Combine(staging, "guichet.dump"), ct)
                : SnapshotSqlite(installation.SqlitePath, Path.Combine(staging, Installation.SqliteFileName));

            var entries = new List<(string Entry, string Source)> { (installation.PostgresConnectionString is null ? SqliteEntry : PostgresEntry, snapshot.DatabaseFile) };
            var missing = new List<string>();
            foreach (var name in snapshot.StoredNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var source = Path.Combine(installation.AttachmentsDirectory, name);
                if (IsPlainName(name) && File.Exists(source))
                {
                    entries.Add((AttachmentsPrefix + name, source));
                }
                else
                {
                    missing.Add(name);
                }
            }

            if (System.IO.Directory.Exists(installation.KeysDirectory))
            {
                entries.AddRange(System.IO.Directory.EnumerateFiles(installation.KeysDirectory).Order(StringComparer.Ordinal).Select(f => (KeysPrefix + Path.GetFileName(f), f)));
            }

            var files = new List<BackupFile>(entries.Count);
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (var (entry, source) in entries)
                    {
                        // Files are write-once (attachments, keys, the snapshot in staging): hashing then copying reads the same bytes.
                        var (size, sha) = await HashAsync(source, ct);
                        await tar.WriteEntryAsync(source, entry, ct);
                        files.Add(new BackupFile(entry, size, sha));
                    }

                    var manifest = new BackupManifest(Format, now.ToString(), installation.Provider, snapshot.Tables, files);
                    var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);
                    await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, ManifestName) { DataStream = new MemoryStream(bytes) }, ct);
                }

                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
            }

            File.Move(partial, archivePath, overwrite: true);
            return new BackupReport(archivePath, new FileInfo(archivePath).Length, snapshot.Tables.Count, snapshot.Tables.Values.Sum(), entries.Count(e => e.Entry.StartsWith(AttachmentsPrefix, StringComparison.Ordinal)), missing);
        }
        finally
        {
            File.Delete(partial);
            System.IO.Directory.Delete(staging, recursive: true);
        }
    }

    private sealed record Snapshot(string DatabaseFile, IReadOnlyDictionary<string, long> Tables, IReadOnlyList<string> StoredNames);

    private static Snapshot SnapshotSqlite(string database, string destination)
    {
        if (!File.Exists(database))
        {
            throw new BackupRefusedException($"aucune base à sauvegarder : le fichier {database} n'existe pas");
        }

        // The online backup API copies every page under one read transaction: writers go on (WAL), the copy is
        // the database as of one commit.
        using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60 }.ToString()))
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString()))
        {
            source.Open();
            copy.Open();
            source.BackupDatabase(copy);
            using var single = copy.CreateCommand();
            single.CommandText = "PRAGMA journal_mode=DELETE;";
            single.ExecuteNonQuery();
        }

        using var snapshot = OpenSqlite(destination, readOnly: true);
        var tables = SqliteTables(snapshot);
        var names = new List<string>();
        foreach (var table in tables.Keys)
        {
            using var columns = snapshot.CreateCommand();
            columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info($t) WHERE name = 'StoredName'";
            columns.Parameters.AddWithValue("$t", table);
            if (Convert.ToInt64(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                using var select = snapshot.CreateCommand();
                select.CommandText = $"SELECT \"StoredName\" FROM {Quote(table)} WHERE \"StoredName\" IS NOT NULL";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }
            }
        }

        return new Snapshot(destination, tables, names);
    }

    private static SqliteConnection OpenSqlite(string path, bool readOnly)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static SortedDictionary<string, long> SqliteTables(SqliteConnection connection)
    {
        var names = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {Quote(name)}";
            counts[name] = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    private static async Task<Snapshot> SnapshotPostgresAsync(string connectionString, string destination, CancellationToken ct)
    {
        // One repeatable-read transaction exports its snapshot: pg_dump dumps exactly what it sees, and the counts
        // and attachment names are read in it, so the manifest describes the dump to the row.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshotId;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction))
        {
            snapshotId = (string)(await export.ExecuteScalarAsync(ct))!;
        }

        var tables = await PostgresTablesAsync(connection, transaction, ct);
        var names = new List<string>();
        var withFiles = new List<string>();
        await using (var columns = new NpgsqlCommand("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'StoredName'", connection, transaction))
        await using (var reader = await columns.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                withFiles.Add(reader.GetString(0));
            }
        }

        foreach (var table in withFiles.Where(tables.ContainsKey))
        {
            await using var select = new NpgsqlCommand($"SELECT \"StoredName\" FROM {Quote(table)} WHERE \"StoredName\" IS NOT NULL", connection, transaction);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        await PostgresTools.RunAsync("pg_dump", connectionString, ["--format=custom", "--no-owner", "--no-privileges", $"--snapshot={snapshotId}", $"--file={destination}"], ct);
        await transaction.CommitAsync(ct);
        return new Snapshot(destination, tables, names);
    }

    private static async Task<SortedDictionary<string, long>> PostgresTablesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        var names = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name", connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {Quote(name)}", connection, transaction);
            counts[name] = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        return counts;
    }

    /// <summary>
    /// Restores <paramref name="archivePath"/> into <paramref name="target"/>: refuses a damaged archive before
    /// touching anything, then puts the files in place and checks the result against the manifest.
    /// </summary>
    public static async Task<RestoreReport> RestoreAsync(string archivePath, Installation target, bool force, CancellationToken ct)
    {
        if (!File.Exists(archivePath))
        {
            throw new BackupRefusedException($"l'archive {archivePath} n'existe pas");
        }

        if (!force && await HoldsDataAsync(target, ct))
        {
            throw new BackupRefusedException($"la cible {target.DataDirectory} contient déjà des données ; ajoutez --force pour les remplacer");
        }

        System.IO.Directory.CreateDirectory(target.DataDirectory);
        var staging = System.IO.Directory.CreateDirectory(Path.Combine(target.DataDirectory, $".guichet-restore-{Guid.NewGuid():N}")).FullName;
        try
        {
            var manifest = await ExtractAsync(archivePath, staging, ct);
            if (manifest.Provider != target.Provider)
            {
                throw new BackupRefusedException(manifest.Provider == "sqlite"
                    ? "l'archive contient une base SQLite mais la cible est configurée pour PostgreSQL (ConnectionStrings:Guichet)"
                    : "l'archive contient une base PostgreSQL : indiquez la base cible dans ConnectionStrings:Guichet");
            }

            var placed = new List<(BackupFile File, string Path)>();
            if (target.PostgresConnectionString is { } postgres)
            {
                List<string> options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"];
                if (force)
                {
                    options.AddRange(["--clean", "--if-exists"]);
                }

                await PostgresTools.RunAsync("pg_restore", postgres, [.. options, "--dbname", PostgresTools.DatabaseName(postgres), Path.Combine(staging, PostgresEntry)], ct);
            }
            else
            {
                foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
                {
                    File.Delete(target.SqlitePath + suffix);
                }
            }

            if (force)
            {
                DeleteFiles(target.AttachmentsDirectory);
                DeleteFiles(target.KeysDirectory);
            }

            foreach (var file in manifest.Files)
            {
                var destination = file.Path switch
                {
                    SqliteEntry => target.SqlitePath,
                    PostgresEntry => null,
                    _ when file.Path.StartsWith(AttachmentsPrefix, StringComparison.Ordinal) => Path.Combine(target.AttachmentsDirectory, file.Path[AttachmentsPrefix.Length..]),
                    _ => Path.Combine(target.KeysDirectory, file.Path[KeysPrefix.Length..]),
                };
                if (destination is not null)
                {
                    System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Move(Path.Combine(staging, file.Path), destination, overwrite: true);
                    placed.Add((file, destination));
                }
            }

            return await VerifyAsync(target, manifest, placed, ct);
        }
        finally
        {
            System.IO.Directory.Delete(staging, recursive: true);
        }
    }

    private static async Task<bool> HoldsDataAsync(Installation target, CancellationToken ct)
    {
        static bool NotEmpty(string directory) => System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any();
        if (NotEmpty(target.DataDirectory) || NotEmpty(target.AttachmentsDirectory) || NotEmpty(target.KeysDirectory))
        {
            return true;
        }

        if (target.PostgresConnectionString is { } postgres)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync(ct);
            await using var tables = new NpgsqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()", connection);
            return (long)(await tables.ExecuteScalarAsync(ct))! > 0;
        }

        return false;
    }

    private static void DeleteFiles(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(directory))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Unpacks the archive into <paramref name="staging"/> and checks it against its manifest; refuses anything else.</summary>
    private static async Task<BackupManifest> ExtractAsync(string archivePath, string staging, CancellationToken ct)
    {
        var found = new Dictionary<string, (long Size, string Sha256)>(StringComparer.Ordinal);
        byte[]? manifestBytes = null;
        try
        {
            await using var input = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !IsExpectedEntry(entry.Name) || found.ContainsKey(entry.Name) || manifestBytes is not null)
                {
                    throw new BackupRefusedException($"archive endommagée ou d'un autre type : entrée inattendue « {entry.Name} »");
                }

                if (entry.Name == ManifestName)
                {
                    using var buffer = new MemoryStream();
                    if (entry.DataStream is not null)
                    {
                        await entry.DataStream.CopyToAsync(buffer, ct);
                    }

                    manifestBytes = buffer.ToArray();
                    continue;
                }

                var path = Path.Combine(staging, entry.Name);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long size = 0;
                await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    if (entry.DataStream is not null)
                    {
                        var block = new byte[1 << 16];
                        int read;
                        while ((read = await entry.DataStream.ReadAsync(block, ct)) > 0)
                        {
                            hash.AppendData(block, 0, read);
                            await output.WriteAsync(block.AsMemory(0, read), ct);
                            size += read;
                        }
                    }
                }

                found[entry.Name] = (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            throw new BackupRefusedException($"archive endommagée ou tronquée ({e.GetType().Name}) : rien n'a été restauré");
        }

        if (manifestBytes is null)
        {
            throw new BackupRefusedException("archive incomplète : le manifeste (manifest.json) manque ; rien n'a été restauré");
        }

        BackupManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(manifestBytes, ManifestJson) ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw new BackupRefusedException("archive endommagée : le manifeste est illisible ; rien n'a été restauré");
        }

        if (manifest.Format != Format || manifest.Files is null || manifest.Tables is null || manifest.Provider is not ("sqlite" or "postgresql"))
        {
            throw new BackupRefusedException($"archive d'un format inconnu (format {manifest.Format}) ; rien n'a été restauré");
        }

        foreach (var file in manifest.Files)
        {
            if (!found.Remove(file.Path, out var actual))
            {
                throw new BackupRefusedException($"archive incomplète : le fichier {file.Path} manque ; rien n'a été restauré");
            }

            if (actual.Size != file.Size || actual.Sha256 != file.Sha256)
            {
                throw new BackupRefusedException($"archive endommagée : la somme de contrôle de {file.Path} ne correspond pas ; rien n'a été restauré");
            }
        }

        if (found.Count > 0)
        {
            throw new BackupRefusedException($"archive endommagée : le fichier {found.Keys.First()} n'est pas dans le manifeste ; rien n'a été restauré");
        }

        if (!manifest.Files.Any(f => f.Path == (manifest.Provider == "sqlite" ? SqliteEntry : PostgresEntry)))
        {
            throw new BackupRefusedException("archive incomplète : la base de données manque ; rien n'a été restauré");
        }

        return manifest;
    }

    private static async Task<RestoreReport> VerifyAsync(Installation target, BackupManifest manifest, List<(BackupFile File, string Path)> placed, CancellationToken ct)
    {
        foreach (var (file, path) in placed)
        {
            if ((await HashAsync(path, ct)).Sha256 != file.Sha256)
            {
                throw new RestoreVerificationException($"vérification échouée : {path} diffère de l'archive");
            }
        }

        IReadOnlyDictionary<string, long> counts;
        if (target.PostgresConnectionString is { } postgres)
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync(ct);
            counts = await PostgresTablesAsync(connection, null, ct);
        }
        else
        {
            using var connection = OpenSqlite(target.SqlitePath, readOnly: true);
            using (var check = connection.CreateCommand())
            {
                check.CommandText = "PRAGMA integrity_check";
                var result = (string?)check.ExecuteScalar();
                if (result != "ok")
                {
                    throw new RestoreVerificationException($"vérification échouée : PRAGMA integrity_check répond « {result} »");
                }
            }

            counts = SqliteTables(connection);
        }

        foreach (var (table, expected) in manifest.Tables)
        {
            var actual = counts.GetValueOrDefault(table, -1);
            if (actual != expected)
            {
                throw new RestoreVerificationException($"vérification échouée : la table {table} a {actual} lignes au lieu de {expected}");
            }
        }

        return new RestoreReport(manifest.Tables.Count, manifest.Tables.Values.Sum(), manifest.Files.Count);
    }

    private static bool IsExpectedEntry(string name) =>
        name == ManifestName
        || name is SqliteEntry or PostgresEntry
        || (name.StartsWith(AttachmentsPrefix, StringComparison.Ordinal) && IsPlainName(name[AttachmentsPrefix.Length..]))
        || (name.StartsWith(KeysPrefix, StringComparison.Ordinal) && IsPlainName(name[KeysPrefix.Length..]));

    /// <summary>One file name, without any path: nothing of the archive lands outside its directory.</summary>
    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 255 && name is not ("." or "..") && name.IndexOfAny(['/', '\\', '\0', ':']) < 0;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<(long Size, string Sha256)> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        return (stream.Length, sha);
    }
}
