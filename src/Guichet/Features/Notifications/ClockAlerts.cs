using Guichet.Data;
using Guichet.Domain.Sla;
using Guichet.Domain.Tickets;
using Guichet.Features.Mail;
using Guichet.Features.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Guichet.Features.Notifications;

/// <summary>
/// One clock alert told: a warning before a provider clock's due date, or its breach. The key holds the due date, so
/// a clock whose due date moves (a suspension, a requalification) is told again about its new due date, and a clock
/// is never told twice about the same one, whichever instance runs the job.
/// </summary>
internal sealed class ClockAlert
{
    public long TicketId { get; set; }

    /// <summary>The clock's id in the contract's policy.</summary>
    public string Clock { get; set; } = "";

    /// <summary><see cref="NotificationKind.ClockWarning"/> or <see cref="NotificationKind.ClockBreached"/>.</summary>
    public string Kind { get; set; } = "";

    public Instant DueAt { get; set; }

    public Instant ToldAt { get; set; }
}

internal sealed class ClockAlertConfiguration : IEntityTypeConfiguration<ClockAlert>
{
    public void Configure(EntityTypeBuilder<ClockAlert> builder)
    {
        builder.ToTable("ClockAlerts");
        builder.HasKey(a => new { a.TicketId, a.Clock, a.Kind, a.DueAt });
        builder.Property(a => a.Clock).HasMaxLength(60);
        builder.Property(a => a.Kind).HasMaxLength(40);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Tells the staff a provider clock is about to run out (<see cref="MailOptions.ClockWarningMinutes"/> before its due
/// date) and that it ran out: to the ticket's owner (the team serving it while nobody owns it), the pole managers
/// serving its organisation and queue, and the staff who follow it. Reads only open tickets whose earliest due date
/// (<see cref="Ticket.NextDueAt"/>, kept by every save) is near: from <see cref="Lookback"/> ago to the lead time
/// ahead. A breach is told only within <see cref="BreachNews"/> of it: after a long stop of the server, old
/// breaches are not mailed all at once.
/// </summary>
internal sealed class ClockAlerts(GuichetDbContext db, NotificationDispatcher dispatcher, IClock clock, IOptions<MailOptions> options)
{
    /// <summary>How far back a ticket's earliest due date may lie and the ticket still be looked at (for its other clocks).</summary>
    public static readonly Duration Lookback = Duration.FromDays(7);

    /// <summary>How old a breach may be and still be told.</summary>
    public static readonly Duration BreachNews = Duration.FromDays(1);

    private const int PageSize = 200;

    /// <summary>One pass over the tickets near a due date; returns how many mails (and digest lines) were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var lead = Duration.FromMinutes(options.Value.ClockWarningMinutes);
        var from = now - Lookback;
        var to = now + lead;
        var written = 0;
        var after = 0L;
        while (true)
        {
            var page = await db.Tickets.AsNoTracking()
                .Where(t => !t.IsClosed && t.NextDueAt != null && t.NextDueAt > from && t.NextDueAt <= to && t.Id > after)
                .OrderBy(t => t.Id)
                .Select(t => t.Id)
                .Take(PageSize)
                .ToListAsync(ct);
            foreach (var id in page)
            {
                written += await TellAsync(id, now, lead, ct);
            }

            if (page.Count < PageSize)
            {
                return written;
            }

            after = page[^1];
        }
    }

    /// <summary>The alerts a ticket is due now, each written with its mails in one transaction.</summary>
    private async Task<int> TellAsync(long ticketId, Instant now, Duration lead, CancellationToken ct)
    {
        // A ticket deleted since the page was read (an anonymised organisation) is simply skipped.
        if (await db.Tickets.AsNoTracking().Include(t => t.Events).SingleOrDefaultAsync(t => t.Id == ticketId, ct) is not { } ticket)
        {
            return 0;
        }

        var (preset, territory) = await TicketHandlers.ContractContextAsync(db, ticket.ContractId, ticket.PolicyVersion, ct);
        var evaluation = TicketClocks.Evaluate(ticket, ticket.Events, preset, territory, now);
        var due = new List<(NotificationKind Kind, ClockResult Clock)>();
        foreach (var c in evaluation.Clocks.Where(c => c.Stop is null && c.Due is not null))
        {
            if (preset.Policy.Clocks.FirstOrDefault(d => d.Id == c.Id)?.Side != Actor.Provider)
            {
                continue;
            }

            if (c.Status == ClockStatus.Breached && c.Due!.Value > now - BreachNews)
            {
                due.Add((NotificationKind.ClockBreached, c));
            }
            else if (c.Status == ClockStatus.Running && lead > Duration.Zero && c.Due!.Value > now && c.Due.Value <= now + lead)
            {
                due.Add((NotificationKind.ClockWarning, c));
            }
        }

        var written = 0;
        foreach (var (kind, result) in due)
        {
            var dueAt = result.Due!.Value;
            if (await db.Set<ClockAlert>().AnyAsync(a => a.TicketId == ticketId && a.Clock == result.Id && a.Kind == kind.Id && a.DueAt == dueAt, ct))
            {
                continue;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(new ClockAlert { TicketId = ticketId, Clock = result.Id, Kind = kind.Id, DueAt = dueAt, ToldAt = now });
            try
            {
                // The row first: a second instance telling the same alert fails here and writes no mail.
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                continue;
            }

            var mails = await dispatcher.WriteClockAlertAsync(ticket, preset, territory, kind, result, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            written += mails;
        }

        return written;
    }
}

/// <summary>Runs <see cref="ClockAlerts"/> every minute (<c>Jobs:ClockAlertSeconds</c>).</summary>
internal sealed class ClockAlertService(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ClockAlertService> logger) : Jobs.PeriodicJob(scopes, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Jobs:ClockAlertSeconds", 60)));

    protected override Task<int> RunOnceAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<ClockAlerts>().RunOnceAsync(ct);
}
