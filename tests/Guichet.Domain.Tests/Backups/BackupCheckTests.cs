using Guichet.Domain.Backups;
using Guichet.Domain.Presets;
using NodaTime;

namespace Guichet.Domain.Tests.Backups;

/// <summary>
/// Backup runs against the ES26 and AT policies (ES26 7, AT 9.4.11.3); the expected periods and breaches are worked
/// out by hand in the comments.
/// </summary>
public sealed class BackupCheckTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    private static BackupPolicy Policy(string preset)
    {
        Assert.True(PresetCatalog.TryGet(preset, out var found));
        return found.Backups!;
    }

    private static Instant At(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Paris).ToInstant();

    private static BackupRun Ok(string tier, Instant start, Instant? deletedAt = null) =>
        new(tier, start, true, start + Duration.FromMinutes(30), deletedAt);

    [Fact]
    public void The_presets_carry_the_two_contracts_schedules()
    {
        var es26 = Policy("es26");
        Assert.Equal([("quotidienne", BackupCadence.Daily, 30, (int?)null), ("mensuelle", BackupCadence.Monthly, 3, 1)],
            es26.Tiers.Select(t => (t.Id, t.Cadence, t.Keep, t.OnDay)));
        Assert.Null(es26.MaxAge);
        var at = Policy("at");
        Assert.Equal([("journaliere", BackupCadence.Daily, 6), ("hebdomadaire", BackupCadence.Weekly, 4), ("mensuelle", BackupCadence.Monthly, 4)],
            at.Tiers.Select(t => (t.Id, t.Cadence, t.Keep)));
        Assert.Equal(Duration.FromHours(24), at.MaxAge);
        Assert.False(PresetCatalog.TryGet("e23", out var e23) && e23.Backups is not null);
    }

    [Fact]
    public void An_es26_month_names_the_missing_failed_and_deleted_nights_and_the_missing_first_of_the_month()
    {
        // Friday 4 December 2026, 10:00 in Paris. Daily: keep 30 → the completed nights 4 November … 3 December must
        // each hold a copy; today's is shown. Monthly on the 1st: keep 3 → 1 December (over since 2 December), 1
        // November, 1 October.
        var now = At(12, 4, 10);
        var runs = new List<BackupRun>();
        for (var day = new LocalDate(2026, 11, 4); day <= new LocalDate(2026, 12, 4); day = day.PlusDays(1))
        {
            var start = Paris.AtStrictly(day.At(new LocalTime(1, 0))).ToInstant();
            switch (day.Day, day.Month)
            {
                case (20, 11): break; // no run at all
                case (25, 11): runs.Add(new("quotidienne", start, false, start + Duration.FromMinutes(5))); break; // failed, not redone
                case (28, 11): runs.Add(Ok("quotidienne", start, deletedAt: At(12, 1, 9))); break; // deleted after 3 days
                case (10, 11): runs.Add(Ok("quotidienne", start, deletedAt: At(12, 10, 1))); break; // deletion planned later: still held
                case (2, 12):
                    runs.Add(new("quotidienne", start, false, start + Duration.FromMinutes(5)));
                    runs.Add(Ok("quotidienne", At(12, 2, 14))); // failed at night, redone the same day
                    break;
                default: runs.Add(Ok("quotidienne", start)); break;
            }
        }

        runs.Add(Ok("mensuelle", At(12, 1, 2)));
        runs.Add(Ok("mensuelle", At(11, 1, 2)));
        // 1 October: nothing; a monthly copy taken on 2 October is not the 1st's.
        runs.Add(Ok("mensuelle", At(10, 2, 2)));

        var status = BackupCheck.Evaluate(Policy("es26"), runs, Paris, now, new LocalDate(2026, 9, 1));

        var daily = status.Slots.Where(s => s.Tier.Id == "quotidienne").ToList();
        Assert.Equal(31, daily.Count); // 30 completed nights and today
        Assert.Equal((new LocalDate(2026, 12, 4), SlotState.Held), (daily[0].From, daily[0].State));
        Assert.Equal(new LocalDate(2026, 11, 4), daily[^1].From);
        Assert.Equal(SlotState.Held, daily.Single(s => s.From == new LocalDate(2026, 12, 2)).State);
        Assert.Equal(At(12, 2, 14), daily.Single(s => s.From == new LocalDate(2026, 12, 2)).Run!.StartedAt);
        Assert.Equal(SlotState.Held, daily.Single(s => s.From == new LocalDate(2026, 11, 10)).State);
        var monthly = status.Slots.Where(s => s.Tier.Id == "mensuelle").Select(s => (s.From, s.State)).ToList();
        Assert.Equal([(new LocalDate(2026, 12, 1), SlotState.Held), (new LocalDate(2026, 11, 1), SlotState.Held), (new LocalDate(2026, 10, 1), SlotState.Missing)], monthly);

        Assert.Equal(
        [
            "retention:quotidienne:2026-11-28",
            "missing:quotidienne:2026-11-25",
            "missing:quotidienne:2026-11-20",
            "missing:mensuelle:2026-10-01",
        ], status.Findings.Select(f => f.Key));
        Assert.Equal("La sauvegarde quotidienne du 28/11/2026 a été supprimée le 01/12/2026 alors qu'elle devait être conservée (30 derniers jours).", status.Findings[0].Message);
        Assert.Equal("La sauvegarde quotidienne du 25/11/2026 a échoué et n'a pas été refaite.", status.Findings[1].Message);
        Assert.Equal("Aucune sauvegarde quotidienne du 20/11/2026.", status.Findings[2].Message);
        Assert.Equal("Aucune sauvegarde mensuelle du 01/10/2026.", status.Findings[3].Message);
        Assert.False(status.Holds);
        Assert.Equal(At(12, 4, 1), status.Latest!.StartedAt);
    }

    [Fact]
    public void An_at_copy_older_than_24_hours_is_a_breach_and_periods_before_the_contract_are_not_asked_for()
    {
        // Friday 4 December 2026, 12:00. Daily keep 6: 28 November … 3 December, all held; today pending. Weekly keep
        // 4: the weeks of 23, 16, 9 and 2 November (the week of 30 November is in progress). Monthly keep 4: December
        // in progress, then November and October; September began before the contract (15 September): not asked.
        var now = At(12, 4, 12);
        var runs = new List<BackupRun>();
        for (var day = new LocalDate(2026, 11, 28); day <= new LocalDate(2026, 12, 3); day = day.PlusDays(1))
        {
            runs.Add(Ok("journaliere", Paris.AtStrictly(day.At(new LocalTime(3, 0))).ToInstant()));
        }

        foreach (var sunday in new[] { 29, 22, 15, 8 })
        {
            runs.Add(Ok("hebdomadaire", At(11, sunday, 4)));
        }

        runs.Add(Ok("mensuelle", At(11, 30, 5)));

        var status = BackupCheck.Evaluate(Policy("at"), runs, Paris, now, new LocalDate(2026, 9, 15));

        Assert.Equal(SlotState.Pending, status.Slots.First(s => s.Tier.Id == "journaliere").State);
        Assert.Equal(7, status.Slots.Count(s => s.Tier.Id == "journaliere"));
        Assert.Equal(
            [new LocalDate(2026, 11, 30), new LocalDate(2026, 11, 23), new LocalDate(2026, 11, 16), new LocalDate(2026, 11, 9), new LocalDate(2026, 11, 2)],
            status.Slots.Where(s => s.Tier.Id == "hebdomadaire").Select(s => s.From));
        Assert.Equal(
            [(new LocalDate(2026, 12, 1), SlotState.Pending), (new LocalDate(2026, 11, 1), SlotState.Held), (new LocalDate(2026, 10, 1), SlotState.Missing)],
            status.Slots.Where(s => s.Tier.Id == "mensuelle").Select(s => (s.From, s.State)));
        // The latest copy finished on 3 December at 03:30: 32 h 30 before now.
        Assert.Equal(["missing:mensuelle:2026-10-01", "stale:" + (At(12, 3, 3) + Duration.FromMinutes(30)).ToUnixTimeSeconds()], status.Findings.Select(f => f.Key));
        Assert.Equal("Aucune sauvegarde mensuelle d'octobre 2026.", status.Findings[0].Message);
        Assert.Equal("La dernière copie complète date du 03/12/2026 à 03:30 (32 h) ; elle doit dater de moins de 24 h.", status.Findings[1].Message);

        // A run at 11:00 today makes the copy fresh again.
        runs.Add(Ok("journaliere", At(12, 4, 11)));
        Assert.Equal(["missing:mensuelle:2026-10-01"], BackupCheck.Evaluate(Policy("at"), runs, Paris, now, new LocalDate(2026, 9, 15)).Findings.Select(f => f.Key));
    }

    [Fact]
    public void A_contract_with_no_run_yet_is_stale_from_its_start_and_misses_its_completed_days()
    {
        // Started Wednesday 2 December; now Friday 4 December 12:00: the days of 2 and 3 December are over.
        var status = BackupCheck.Evaluate(Policy("at"), [], Paris, At(12, 4, 12), new LocalDate(2026, 12, 2));
        Assert.Equal(
            ["missing:journaliere:2026-12-03", "missing:journaliere:2026-12-02", "stale:" + At(12, 2, 0).ToUnixTimeSeconds()],
            status.Findings.Select(f => f.Key));
        Assert.Equal("Aucune copie complète depuis le début du contrat, le 02/12/2026 ; la dernière copie doit dater de moins de 24 h.", status.Findings[2].Message);
        Assert.DoesNotContain(status.Slots, s => s.Tier.Id != "journaliere"); // this week and month began before the contract
        Assert.Null(status.Latest);
    }
}
