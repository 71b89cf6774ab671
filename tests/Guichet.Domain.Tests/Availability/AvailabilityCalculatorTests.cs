using Guichet.Domain.Availability;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using NodaTime;

namespace Guichet.Domain.Tests.Availability;

/// <summary>
/// A month's availability computed by hand for the ES26 and AT presets (ES26 5–6, AT 9.4.12): the expected figures
/// are written out in the comments, from the calendars of the contracts, not from the code.
/// </summary>
public sealed class AvailabilityCalculatorTests
{
    private static readonly AvailabilityObjective Es26 = Objective("es26", "production");

    private static AvailabilityObjective Objective(string preset, string id)
    {
        Assert.True(PresetCatalog.TryGet(preset, out var found));
        return found.Availability.Single(a => a.Id == id);
    }

    private static Instant At(Territory territory, int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(territory.Zone).ToInstant();

    private static Duration Minutes(double m) => Duration.FromMinutes(m);

    [Fact]
    public void An_es26_month_in_metropolitan_france_counts_only_the_reference_period_outside_windows_and_exclusions()
    {
        var t = Territory.Metropole;
        // March 2027: 23 weekdays (1–5, 8–12, 15–19, 22–26, 29–31) less Easter Monday (29 March) = 22 days × 13 h
        // (07:00–20:00) = 286 h of PRT. Summer time begins on Sunday 28 March at 02:00.
        Outage[] log =
        [
            // Tuesday 19:30 → Wednesday 08:00: 30 min counted, 20:00–24:00 outside the PRT, 00:00–07:00 in the nightly
            // window, 07:00–08:00 counted: 1 h 30 counted.
            new("across-midnight", At(t, 2027, 3, 2, 19, 30), At(t, 2027, 3, 3, 8), OutageCause.Unplanned),
            // Sunday: a window all day.
            new("sunday", At(t, 2027, 3, 7, 10), At(t, 2027, 3, 7, 11), OutageCause.Unplanned),
            // Planned maintenance announced 47 h ahead: counted (1 h).
            new("notice-47h", At(t, 2027, 3, 11, 14), At(t, 2027, 3, 11, 15), OutageCause.PlannedMaintenance, At(t, 2027, 3, 9, 15)),
            // Planned maintenance announced 49 h ahead: excluded (2 h).
            new("notice-49h", At(t, 2027, 3, 12, 14), At(t, 2027, 3, 12, 16), OutageCause.PlannedMaintenance, At(t, 2027, 3, 10, 13)),
            new("urgent", At(t, 2027, 3, 15, 9), At(t, 2027, 3, 15, 9, 45), OutageCause.UrgentMaintenance),
            new("client", At(t, 2027, 3, 16, 10), At(t, 2027, 3, 16, 13), OutageCause.ClientEquipment),
            // Across the change to summer time, a Sunday night: 01:30 CET (00:30 UTC) → 04:00 CEST (02:00 UTC) is 1 h 30.
            new("dst", At(t, 2027, 3, 28, 1, 30), At(t, 2027, 3, 28, 4), OutageCause.Unplanned),
            // Easter Monday: a holiday, a window all day.
            new("holiday", At(t, 2027, 3, 29, 10), At(t, 2027, 3, 29, 12), OutageCause.Unplanned),
            // Wednesday 31 March 19:00 → Thursday 1 April 09:00: 19:00–20:00 counted in March, the rest of the evening
            // outside the PRT, April's part in April.
            new("into-april", At(t, 2027, 3, 31, 19), At(t, 2027, 4, 1, 9), OutageCause.Unplanned),
        ];

        var month = AvailabilityCalculator.Month(Es26, t, new YearMonth(2027, 3), log, now: At(t, 2027, 5, 1, 0));

        Assert.Equal(Duration.FromHours(286), month.Period);
        // Counted: 1 h 30 + 1 h (late notice) + 1 h = 3 h 30 = 210 min.
        Assert.Equal(Minutes(210), month.Unavailable);
        Assert.Equal(month.Period, month.Basis);
        // TD = (17,160 − 210) / 17,160 × 100 = 98.7762… %: under 99.85 %.
        Assert.Equal(16950m * 100m / 17160m, month.Rate);
        Assert.False(month.Met);
        // Allowed: 0.15 % of 17,160 min = 25.74 min = 1,544.4 s, rounded down.
        Assert.Equal(Duration.FromSeconds(1544), month.Allowed);
        Assert.Equal(Duration.Zero, month.BudgetLeft);
        Assert.False(month.InProgress);

        var lines = month.Lines.ToDictionary(l => l.Outage.Reference);
        Assert.Equal(
            [(PartReason.Counted, 30.0), (PartReason.OutsideMeasurement, 240), (PartReason.MaintenanceWindow, 420), (PartReason.Counted, 60)],
            Parts(lines["across-midnight"]));
        Assert.Equal([(PartReason.MaintenanceWindow, 60.0)], Parts(lines["sunday"]));
        Assert.Equal([(PartReason.CountedLateNotice, 60.0)], Parts(lines["notice-47h"]));
        Assert.Equal([(PartReason.AnnouncedMaintenance, 120.0)], Parts(lines["notice-49h"]));
        Assert.Equal([(PartReason.UrgentMaintenance, 45.0)], Parts(lines["urgent"]));
        Assert.Equal([(PartReason.ClientEquipment, 180.0)], Parts(lines["client"]));
        Assert.Equal([(PartReason.MaintenanceWindow, 90.0)], Parts(lines["dst"]));
        Assert.Equal([(PartReason.MaintenanceWindow, 120.0)], Parts(lines["holiday"]));
        Assert.Equal([(PartReason.Counted, 60.0), (PartReason.OutsideMeasurement, 240)], Parts(lines["into-april"]));
        Assert.Equal("maintenance planifiée annoncée dans le préavis", lines["notice-49h"].Parts[0].Label);
    }

    [Fact]
    public void An_es26_month_in_progress_in_la_reunion_reads_the_client_zone_and_says_the_budget_left()
    {
        var t = Territory.Reunion;
        // December 2026 in Indian/Reunion (UTC+4): 23 weekdays (1–4, 7–11, 14–18, 21–25, 28–31) less Christmas
        // (Friday 25) = 22 days × 13 h = 286 h of PRT, counted for the whole month even while it is in progress.
        var now = At(t, 2026, 12, 16, 12);
        Outage[] log =
        [
            // Thursday 19:55 → Friday 07:05, Réunion time: 5 + 5 min counted.
            new("across-midnight", At(t, 2026, 12, 3, 19, 55), At(t, 2026, 12, 4, 7, 5), OutageCause.Unplanned),
            new("client", At(t, 2026, 12, 7, 10), At(t, 2026, 12, 7, 11), OutageCause.ClientEquipment),
            // Announced exactly 48 h ahead: excluded.
            new("notice-48h", At(t, 2026, 12, 8, 14), At(t, 2026, 12, 8, 14, 30), OutageCause.PlannedMaintenance, At(t, 2026, 12, 6, 14)),
            // Still going at "now" (12:00): 10 min so far.
            new("ongoing", At(t, 2026, 12, 16, 11, 50), null, OutageCause.Unplanned),
            // Not known yet.
            new("future", At(t, 2026, 12, 17, 10), At(t, 2026, 12, 17, 11), OutageCause.Unplanned),
        ];

        var month = AvailabilityCalculator.Month(Es26, t, new YearMonth(2026, 12), log, now);

        Assert.True(month.InProgress);
        Assert.Equal(new LocalDateTime(2026, 12, 1, 0, 0).InZoneStrictly(t.Zone).ToInstant(), month.Bounds.Start);
        Assert.Equal(Duration.FromHours(286), month.Period);
        Assert.Equal(Minutes(20), month.Unavailable);
        // (17,160 − 20) / 17,160 = 99.8834… %: the target is met so far; 1,544 s allowed, 1,200 s spent: 344 s left.
        Assert.Equal(17140m * 100m / 17160m, month.Rate);
        Assert.True(month.Met);
        Assert.Equal(Duration.FromSeconds(344), month.BudgetLeft);
        Assert.DoesNotContain(month.Lines, l => l.Outage.Reference == "future");
        Assert.Equal([(PartReason.AnnouncedMaintenance, 30.0)], Parts(month.Lines.Single(l => l.Outage.Reference == "notice-48h")));
        Assert.Equal([(PartReason.Counted, 10.0)], Parts(month.Lines.Single(l => l.Outage.Reference == "ongoing")));
    }

    [Fact]
    public void An_at_month_counts_every_hour_and_deducts_maintenance_force_majeure_and_third_parties_from_the_period()
    {
        var t = Territory.Metropole;
        // October 2026 in Paris: 31 days and the extra hour of Sunday 25 October (back to winter time) = 745 h.
        Outage[] log =
        [
            new("unplanned", At(t, 2026, 10, 6, 10), At(t, 2026, 10, 6, 10, 30), OutageCause.Unplanned),
            new("force-majeure", At(t, 2026, 10, 15, 8), At(t, 2026, 10, 15, 9), OutageCause.ForceMajeure),
            // An unplanned outage partly covered by a third party's: only 14:00–14:30 is counted, 14:30–16:00 deducted.
            new("overlapped", At(t, 2026, 10, 16, 14), At(t, 2026, 10, 16, 15), OutageCause.Unplanned),
            new("third-party", At(t, 2026, 10, 16, 14, 30), At(t, 2026, 10, 16, 16), OutageCause.ThirdParty),
            // The monitoring failed for 2 h: neither counted nor deducted.
            new("gap", At(t, 2026, 10, 20, 0), At(t, 2026, 10, 20, 2), OutageCause.MonitoringGap),
            // Planned maintenance across the change of time: 01:00 CEST (23:00 UTC) → 04:00 CET (03:00 UTC) = 4 h deducted.
            new("maintenance", At(t, 2026, 10, 25, 1), At(t, 2026, 10, 25, 4), OutageCause.PlannedMaintenance, At(t, 2026, 10, 18, 9)),
        ];

        var software = AvailabilityCalculator.Month(Objective("at", "progiciel"), t, new YearMonth(2026, 10), log, now: At(t, 2026, 11, 2, 0));

        Assert.Equal(Duration.FromHours(745), software.Period);
        // Deducted: 1 h + 1 h 30 + 4 h = 6 h 30; NHT = 738 h 30; NHI = 30 + 30 min = 1 h.
        Assert.Equal(Minutes(390), software.Deducted);
        Assert.Equal(Minutes(60), software.Unavailable);
        Assert.Equal(Minutes(44310), software.Basis);
        // (44,310 − 60) / 44,310 = 99.8646… %: under 99.9 % for the software, over 99.8 % for the remote services.
        Assert.Equal(44250m * 100m / 44310m, software.Rate);
        Assert.False(software.Met);
        var remote = AvailabilityCalculator.Month(Objective("at", "services-distants"), t, new YearMonth(2026, 10), log, now: At(t, 2026, 11, 2, 0));
        Assert.True(remote.Met);
        Assert.Equal([(PartReason.MonitoringGap, 120.0)], Parts(software.Lines.Single(l => l.Outage.Reference == "gap")));
        Assert.Equal(Minutes(240), software.Lines.Single(l => l.Outage.Reference == "maintenance").Excluded);
    }

    [Fact]
    public void A_month_without_outages_is_at_a_hundred_percent_with_its_whole_budget()
    {
        var month = AvailabilityCalculator.Month(Es26, Territory.Metropole, new YearMonth(2027, 3), [], now: Instant.FromUtc(2027, 5, 1, 0, 0));
        Assert.Equal(100m, month.Rate);
        Assert.Equal(Duration.FromSeconds(1544), month.BudgetLeft);
        Assert.Empty(month.Lines);
    }

    private static List<(PartReason, double)> Parts(OutageLine line) => [.. line.Parts.Select(p => (p.Reason, p.Period.Duration.TotalMinutes))];
}
