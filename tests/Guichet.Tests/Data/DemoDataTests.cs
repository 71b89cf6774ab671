using Guichet.Data;
using Guichet.Domain.Calendars;
using Guichet.Domain.Sla;
using Guichet.Features.Demo;
using Guichet.Features.Tickets;
using Guichet.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Guichet.Tests.Data;

/// <summary>
/// The demo loaded on a Monday morning (7 December 2026, 09:30 in Paris) looks like one: a few open tickets overdue,
/// several due today, most on time, 18 months of closed tickets, and each preset's particularity.
/// </summary>
public sealed class DemoDataTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly DateTimeZone Paris = Territory.Metropole.Zone;
    private static readonly Instant Monday = new LocalDateTime(2026, 12, 7, 9, 30).InZoneStrictly(Paris).ToInstant();

    [Fact]
    public async Task A_demo_loaded_on_a_monday_morning_has_a_realistic_desk_history_and_particularities()
    {
        app.Clock.Reset(Monday);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync());

        var db = scope.ServiceProvider.GetRequiredService<GuichetDbContext>();
        var demoOrganisations = await db.Organisations.AsNoTracking().Where(o => o.Siret.StartsWith("9990000")).ToDictionaryAsync(o => o.Id);
        var tickets = await db.Tickets.AsNoTracking().Include(t => t.Events)
            .Where(t => demoOrganisations.Keys.Contains(t.OrganisationId)).ToListAsync();
        Assert.InRange(tickets.Count, 290, 310);
        Assert.DoesNotContain(tickets.SelectMany(t => t.Events), e => e.At > Monday);

        // The desk: a few overdue, several due today, most on time.
        var open = tickets.Where(t => !t.IsClosed).ToList();
        var urgency = open.GroupBy(t => DemoTickets.UrgencyOf(t, Monday)).ToDictionary(g => g.Key, g => g.Count());
        var overdue = urgency.GetValueOrDefault(DemoUrgency.Overdue);
        Assert.InRange(overdue, 1, open.Count / 5);
        Assert.True(urgency.GetValueOrDefault(DemoUrgency.DueToday) >= 2, $"Due today: {urgency.GetValueOrDefault(DemoUrgency.DueToday)}");
        Assert.True(urgency.GetValueOrDefault(DemoUrgency.OnTime) * 2 > open.Count, $"On time: {urgency.GetValueOrDefault(DemoUrgency.OnTime)} of {open.Count}");
        Assert.True(open.Count(t => t.NextDueAt is not null) * 2 > open.Count, "most open tickets have a due date");

        // History: closed tickets in each of the last 17 months at least, the oldest about 18 months ago.
        var closed = tickets.Where(t => t.IsClosed).ToList();
        Assert.True(closed.Count > open.Count);
        var months = closed.Select(t => t.CreatedAt.InZone(Paris).Date.ToYearMonth()).Distinct().Count();
        Assert.True(months >= 17, $"{months} months");
        Assert.True(Monday - closed.Min(t => t.CreatedAt) >= Duration.FromDays(17 * 30), "closed tickets span 17 months at least");

        ClockResult Clock(Ticket t, string id)
        {
            var contract = db.Contracts.AsNoTracking().Single(c => c.Id == t.ContractId);
            var evaluation = TicketClocks.Evaluate(t, t.Events, TicketClocks.Preset(contract.PresetId), demoOrganisations[t.OrganisationId].Territory, Monday, explain: true);
            return evaluation.Clocks.Single(c => c.Id == id);
        }

        // AT: taken in charge at night by the on-call engineer (the wall-clock target), from Guadeloupe.
        var onCall = tickets.Single(t => t.Subject == DemoTickets.OnCallSubject);
        var onCallClock = Clock(onCall, "take-charge");
        Assert.True(onCallClock.OnCall);
        Assert.Equal(ClockStatus.Met, onCallClock.Status);
        Assert.Equal("guadeloupe", demoOrganisations[onCall.OrganisationId].Territory);
        Assert.Equal(new LocalDateTime(2026, 12, 6, 21, 30), onCall.CreatedAt.InZone(Paris).LocalDateTime); // Sunday evening

        // LS: waiting for the client since Friday, every running clock suspended, no due on the desk.
        var waiting = tickets.Single(t => t.Subject == DemoTickets.WaitingSubject);
        Assert.Equal("a-qualifier-client", waiting.State);
        Assert.Equal(ClockStatus.Frozen, Clock(waiting, "resolution").Status);
        Assert.Null(waiting.NextDueAt);

        // MN: Friday 4 December at 16:00, MN's Friday closes at 17:00: 1 h counted on Friday, 1 h this morning
        // (08:30–09:30); the 8-hour internal objective falls today at 17:00 (Monday 08:30–12:00, 13:30–17:00).
        var friday = tickets.Single(t => t.Subject == DemoTickets.ShortFridaySubject);
        Assert.Equal(new LocalDateTime(2026, 12, 4, 16, 0), friday.CreatedAt.InZone(Paris).LocalDateTime);
        var fridayClock = Clock(friday, "take-charge");
        Assert.Equal(Duration.FromHours(2), fridayClock.Elapsed);
        Assert.Equal(new LocalDateTime(2026, 12, 7, 17, 0), fridayClock.Due!.Value.InZone(Paris).LocalDateTime);
        Assert.Equal(DemoUrgency.DueToday, DemoTickets.UrgencyOf(friday, Monday));

        // Overseas: La Réunion at 07:45 local (04:45 in Paris); counting starts when Paris opens at 09:00.
        var overseas = tickets.Single(t => t.Subject == DemoTickets.OverseasSubject);
        var reunion = TicketClocks.TerritoryOf(demoOrganisations[overseas.OrganisationId].Territory);
        Assert.Equal("reunion", reunion.Id);
        Assert.Equal(new LocalDateTime(2026, 12, 7, 7, 45), overseas.CreatedAt.InZone(reunion.Zone).LocalDateTime);
        var overseasClock = Clock(overseas, "take-charge");
        Assert.Equal(Duration.FromMinutes(30), overseasClock.Elapsed);
        Assert.Equal(new LocalDateTime(2026, 12, 7, 9, 0), overseasClock.Segments[0].Start.InZone(Paris).LocalDateTime);
    }
}
