using Guichet.Features.Accounts;
using Guichet.Features.Tickets;

namespace Guichet.Features.Calls;

/// <summary>
/// Reports each unsuccessful call (abandoned, missed, voicemail) of an organisation by mail to its référents, for the
/// contracts whose terms say so (<c>phone.reportUnsuccessfulCalls</c>, on in the <c>ls</c> preset) [LS 2.1]. Once
/// per call, whichever instance runs and however often: the call's <see cref="CallRecord.ReportedAt"/> is set by a
/// conditional update in the transaction that writes its mails to the outbox; a second run finds it set, a racing one
/// updates no row and rolls back. Only calls of the last <see cref="Window"/> are reported, so that importing a
/// telephony's history mails nobody.
/// </summary>
internal sealed class UnsuccessfulCallMails(GuichetDbContext db, IClock clock)
{
    /// <summary>How old a call may be and still be reported.</summary>
    public static readonly Duration Window = Duration.FromDays(2);

    public const string Kind = "unsuccessful-call";

    private const int PageSize = 200;

    /// <summary>One pass; returns how many mails were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var contracts = await db.Contracts.AsNoTracking().Select(c => new { c.Id, c.PresetId, c.Policy }).ToListAsync(ct);
        var reporting = contracts.Where(c => Reports(c.PresetId, c.Policy)).Select(c => c.Id).ToList();
        if (reporting.Count == 0)
        {
            return 0;
        }

        var from = now - Window;
        var written = 0;
        var skipped = 0;
        while (true)
        {
            // Reported calls leave the filter; those left (nobody to tell yet, or told by another run) are skipped.
            var page = await db.Set<CallRecord>().AsNoTracking()
                .Where(c => c.ReportedAt == null && c.Outcome != CallOutcome.Answered && c.OfferedAt >= from
                    && c.OrganisationId != null && c.ContractId != null && reporting.Contains(c.ContractId.Value))
                .OrderBy(c => c.OfferedAt).ThenBy(c => c.Id)
                .Skip(skipped)
                .Take(PageSize)
                .ToListAsync(ct);
            foreach (var call in page)
            {
                var mails = await ReportAsync(call, now, ct);
                written += mails;
                skipped += mails == 0 ? 1 : 0;
            }

            if (page.Count < PageSize)
            {
                return written;
            }
        }
    }

    private static bool Reports(string presetId, string? policy)
    {
        try
        {
            return TicketClocks.Policy(presetId, policy).Phone.ReportUnsuccessfulCalls;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Domain.Presets.PresetValidationException)
        {
            return false;
        }
    }

    /// <summary>The call's mails to the référents and its mark, in one transaction; none when another run reported it.</summary>
    private async Task<int> ReportAsync(CallRecord call, Instant now, CancellationToken ct)
    {
        var referents = await db.Users.AsNoTracking()
            .Where(u => u.OrganisationId == call.OrganisationId && u.IsReferent && u.Kind == UserKind.Client && u.Email != null)
            .ToListAsync(ct);
        var recipients = referents.Where(u => !AccountStatus.IsDeactivated(u) && u.EmailUndeliverableAt == null).ToList();
        if (recipients.Count == 0)
        {
            // Nobody to tell yet: a référent named within the window still gets it.
            return 0;
        }

        var line = call.PhoneLineId is { } lineId
            ? await db.Set<PhoneLine>().AsNoTracking().Where(l => l.Id == lineId).Select(l => l.Label).FirstOrDefaultAsync(ct)
            : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var marked = await db.Set<CallRecord>()
            .Where(c => c.Id == call.Id && c.ReportedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ReportedAt, now), ct);
        if (marked == 0)
        {
            await transaction.RollbackAsync(ct);
            return 0;
        }

        Mail.PersonalMails.ToEach(db, recipients, Kind, $"Guichet : appel non abouti le {Display(call.OfferedAt)}", user => Body(call, line, user.DisplayName), now);

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return recipients.Count;
    }

    private static string Display(Instant at) =>
        at.InZone(CallRecords.Zone).ToString("dd/MM/uuuu 'à' HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string OutcomeText(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Abandoned => "l'appelant a raccroché avant d'être pris en charge",
        CallOutcome.Voicemail => "l'appel a été renvoyé sur la messagerie vocale",
        _ => "personne n'a pu décrocher",
    };

    internal static string Body(CallRecord call, string? line, string name) => $"""
        Bonjour{(string.IsNullOrWhiteSpace(name) ? "" : " " + name)},

        Un appel de votre organisation au support n'a pas abouti le {Display(call.OfferedAt)} (heure de Paris) : {OutcomeText(call.Outcome)}.
        Numéro appelant : {call.CallerNumber ?? "masqué"}
        Ligne appelée : {line ?? call.CalledLine}

        Si la demande est toujours d'actualité, rappelez le support ou déposez-la sur le portail.

        Ce message est envoyé une seule fois pour cet appel par Guichet, comme le prévoit votre contrat.
        """;
}

/// <summary>Runs <see cref="UnsuccessfulCallMails"/> every minute (<c>Jobs:UnsuccessfulCallSeconds</c>).</summary>
internal sealed class UnsuccessfulCallMailService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<UnsuccessfulCallMailService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Jobs:UnsuccessfulCallSeconds", 60)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<UnsuccessfulCallMails>().RunOnceAsync(ct);
}
