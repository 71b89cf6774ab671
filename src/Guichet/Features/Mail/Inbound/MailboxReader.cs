using Guichet.Data;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using NodaTime;

namespace Guichet.Features.Mail.Inbound;

/// <summary>
/// Reads the configured IMAP mailboxes (MailKit): the mails not read yet, by UID, each filed by
/// <see cref="InboundFiler"/> and then flagged \Seen on the server. One instance reads a mailbox at a time: a lease
/// on its <see cref="MailboxState"/> row, taken by a conditional update. Where the server offers IDLE the job then
/// waits for new mail on the open connection, otherwise it reads again every <c>PollSeconds</c>.
/// </summary>
internal sealed partial class MailboxReader(
    GuichetDbContext db,
    InboundFiler filer,
    IClock clock,
    IOptions<InboundOptions> options,
    ILogger<MailboxReader> logger)
{
    /// <summary>This process, as the lease names it.</summary>
    public static readonly string Instance = $"{Environment.ProcessId}/{Guid.NewGuid():N}";

    private static readonly Duration Lease = Duration.FromMinutes(2);

    /// <summary>Reads every configured mailbox once; returns how many mails were filed (duplicates not counted).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var filed = 0;
        foreach (var mailbox in options.Value.Mailboxes)
        {
            filed += await ReadAsync(mailbox, idle: null, ct);
        }

        return filed;
    }

    /// <summary>
    /// Reads one mailbox: connects, files what is new, and with <paramref name="idle"/> waits on the open connection
    /// (IDLE) up to that long for more, reading again each time the server announces new mail.
    /// </summary>
    public async Task<int> ReadAsync(InboundMailbox mailbox, TimeSpan? idle, CancellationToken ct)
    {
        if (!await TakeLeaseAsync(mailbox.Name, ct))
        {
            return 0;
        }

        var filed = 0;
        try
        {
            using var client = new ImapClient();
            client.Timeout = 60_000;
            await client.ConnectAsync(mailbox.Host, mailbox.Port, Security(mailbox.Security), ct);
            if (!string.IsNullOrEmpty(mailbox.User))
            {
                await client.AuthenticateAsync(mailbox.User, mailbox.Password, ct);
            }

            var folder = string.Equals(mailbox.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(mailbox.Folder, ct);
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
            filed += await ReadNewAsync(mailbox, folder, ct);
            await RecordAsync(mailbox.Name, null, ct);

            if (idle is { } wait && client.Capabilities.HasFlag(ImapCapabilities.Idle))
            {
                var until = DateTime.UtcNow + wait;
                while (!ct.IsCancellationRequested && DateTime.UtcNow < until)
                {
                    using var done = new CancellationTokenSource(until - DateTime.UtcNow);
                    void Arrived(object? sender, EventArgs e) => done.Cancel();
                    folder.CountChanged += Arrived;
                    try
                    {
                        await client.IdleAsync(done.Token, ct);
                    }
                    finally
                    {
                        folder.CountChanged -= Arrived;
                    }

                    if (!await TakeLeaseAsync(mailbox.Name, ct))
                    {
                        break;
                    }

                    filed += await ReadNewAsync(mailbox, folder, ct);
                    await RecordAsync(mailbox.Name, null, ct);
                }
            }

            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogReadFailed(logger, e, mailbox.Name);
            await RecordAsync(mailbox.Name, e.Message, CancellationToken.None);
        }

        return filed;
    }

    private async Task<int> ReadNewAsync(InboundMailbox mailbox, IMailFolder folder, CancellationToken ct)
    {
        var state = await db.Set<MailboxState>().AsNoTracking().SingleAsync(s => s.Name == mailbox.Name, ct);
        var last = state.UidValidity == folder.UidValidity ? state.LastUid : 0;
        // Only the UIDs after the last one read (IMAP's "n:*" also names the last message when nothing is newer: filtered).
        var after = new UniqueIdRange(new UniqueId((uint)Math.Min(last + 1, uint.MaxValue)), UniqueId.MaxValue);
        var uids = (await folder.SearchAsync(SearchQuery.Uids(after), ct)).Where(u => u.Id > last).OrderBy(u => u.Id).ToList();
        if (uids.Count == 0)
        {
            await SaveProgressAsync(mailbox.Name, folder.UidValidity, last, 0, ct);
            return 0;
        }

        var sizes = (await folder.FetchAsync(uids, MessageSummaryItems.UniqueId | MessageSummaryItems.Size, ct)).ToDictionary(s => s.UniqueId, s => (long)(s.Size ?? 0));
        var max = options.Value.MaxMessageBytes;
        var filed = 0;
        foreach (var uid in uids)
        {
            ct.ThrowIfCancellationRequested();
            InboundFiler.Filing filing;
            if (sizes.GetValueOrDefault(uid) > max)
            {
                var headers = await folder.GetHeadersAsync(uid, ct);
                filing = await filer.QuarantineOversizedAsync(mailbox, headers, sizes[uid], ct);
            }
            else if (await ReadMessageAsync(folder, uid, ct) is { } message)
            {
                using var raw = new MemoryStream();
                await message.WriteToAsync(raw, ct);
                filing = await filer.FileAsync(mailbox, message, raw.ToArray(), ct);
            }
            else
            {
                // A mail MimeKit cannot read would otherwise stop the mailbox at its UID on every pass.
                var headers = await folder.GetHeadersAsync(uid, ct);
                filing = await filer.QuarantineHeadersAsync(mailbox, headers, "Courriel illisible (format MIME invalide) : seuls ses en-têtes sont gardés.", ct);
            }

            LogFiled(logger, mailbox.Name, uid.Id, filing.Duplicate ? "déjà lu" : filing.Status.ToString(), filing.Ticket);
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, true, ct);
            await SaveProgressAsync(mailbox.Name, folder.UidValidity, uid.Id, filing.Duplicate ? 0 : 1, ct);
            filed += filing.Duplicate ? 0 : 1;
        }

        return filed;
    }

    /// <summary>The mail, or null when its content cannot be parsed (the server's connection errors still throw).</summary>
    private async Task<MimeMessage?> ReadMessageAsync(IMailFolder folder, UniqueId uid, CancellationToken ct)
    {
        try
        {
            return await folder.GetMessageAsync(uid, ct);
        }
        catch (Exception e) when (e is FormatException or ParseException)
        {
            LogUnreadable(logger, e, uid.Id);
            return null;
        }
    }

    private Task<int> SaveProgressAsync(string name, uint uidValidity, long lastUid, int filed, CancellationToken ct) =>
        db.Set<MailboxState>().Where(s => s.Name == name).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.UidValidity, uidValidity)
            .SetProperty(m => m.LastUid, lastUid)
            .SetProperty(m => m.Filed, m => m.Filed + filed), ct);

    private async Task RecordAsync(string name, string? error, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var message = error is null ? null : error.Length <= 1000 ? error : error[..1000];
        await db.Set<MailboxState>().Where(s => s.Name == name).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LastFetchAt, now)
            .SetProperty(m => m.LastSuccessAt, m => error == null ? now : m.LastSuccessAt)
            .SetProperty(m => m.LastError, message), ct);
    }

    /// <summary>Takes (or renews) the mailbox's lease for this instance; false when another instance holds it.</summary>
    private async Task<bool> TakeLeaseAsync(string name, CancellationToken ct)
    {
        if (!await db.Set<MailboxState>().AnyAsync(s => s.Name == name, ct))
        {
            db.Add(new MailboxState { Name = name });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance created it.
            }

            db.ChangeTracker.Clear();
        }

        var now = clock.GetCurrentInstant();
        var until = now + Lease;
        return await db.Set<MailboxState>()
            .Where(s => s.Name == name && (s.LeaseHolder == null || s.LeaseHolder == Instance || s.LeaseUntil == null || s.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseHolder, Instance).SetProperty(m => m.LeaseUntil, until), ct) == 1;
    }

    private static SecureSocketOptions Security(string value) => value.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "auto" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.SslOnConnect,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the mailbox {Mailbox} failed.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string mailbox);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail of UID {Uid} cannot be parsed; its headers go to quarantine.")]
    private static partial void LogUnreadable(ILogger logger, Exception e, long uid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox {Mailbox}, UID {Uid}: {Status} (ticket {Ticket}).")]
    private static partial void LogFiled(ILogger logger, string mailbox, uint uid, string status, long? ticket);
}

/// <summary>Reads each mailbox in turn, waiting on IDLE where offered (at most <c>PollSeconds</c>), else polling.</summary>
internal sealed partial class MailboxReaderService(IServiceScopeFactory scopes, IOptions<InboundOptions> options, ILogger<MailboxReaderService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Mailboxes.Count == 0)
        {
            return;
        }

        var wait = TimeSpan.FromSeconds(settings.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var mailbox in settings.Mailboxes)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var reader = scope.ServiceProvider.GetRequiredService<MailboxReader>();

                    // With one mailbox the connection stays open on IDLE; with several each gets its turn.
                    await reader.ReadAsync(mailbox, settings.Mailboxes.Count == 1 ? wait : null, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, e, mailbox.Name);
                }
            }

            try
            {
                await Task.Delay(settings.Mailboxes.Count == 1 ? TimeSpan.FromSeconds(1) : wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The mailbox job failed on {Mailbox}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string mailbox);
}
