using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Guichet.Features.Availability;
using Guichet.Features.Probes;

namespace Guichet.Features.ProductionReports;

/// <summary>
/// The report's words: the mail's subject, its plain text (every figure) and its HTML (the same figures, each chart as
/// an inline image, <c>cid:</c>, with its description and its table), and the numbers as people read them.
/// </summary>
internal static class ProductionReportMail
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Escapes markup, not French letters (the mail is UTF-8).</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static string ContentId(ReportChart chart) => $"{chart.Key}@rapport.guichet";

    public static string DayText(LocalDate day) => day.ToString("dddd d MMMM yyyy", French);

    public static string MonthText(string month) =>
        AvailabilityFigures.ReadMonth(month) is { } m ? m.OnDayOfMonth(1).ToString("MMMM yyyy", French) : month;

    /// <summary>"99,93 %", "—" without a measure.</summary>
    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.00", French) + " %" : "—";

    public static string Ms(int? ms) => ms is { } v ? ProbeTexts.Seconds(v) : "—";

    /// <summary>"80e centile", "maximum" for 100 %.</summary>
    public static string PercentileName(decimal percent) => percent >= 100 ? "maximum" : $"{percent.ToString("0.##", French)}e centile";

    public static string Subject(ProductionReportView r) =>
        $"Guichet : rapport de production du {r.Day.ToString("dd/MM/yyyy", French)} — {r.OrganisationName}, {r.ContractName}";

    public static string Text(ProductionReportView r, string name, string link)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Bonjour{(string.IsNullOrWhiteSpace(name) ? "" : " " + name)},\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Rapport de production du {DayText(r.Day)} — {r.OrganisationName}, contrat « {r.ContractName} » ({r.ZoneLabel}).\n\n");
        text.Append("Temps de réponse de la journée (mesures prises dans la période de mesure du contrat)\n");
        text.Append("Objectif — mesure — statut\n");
        foreach (var check in r.Checks)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{check.ServiceName} — {check.Name} : {check.Samples.ToString("N0", French)} mesures, {check.Failures.ToString("N0", French)} en échec\n");
            foreach (var o in check.Objectives)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {o.Label} : objectif {Percent(o.Percent)} — mesure {Percent(o.SharePercent)} ({PercentileName(o.Percent)} : {Ms(o.MeasuredMs)}) — {o.StatusLabel}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\nDisponibilité de {MonthText(r.Month)} (au {r.Day.ToString("dd/MM/yyyy", French)})\n");
        foreach (var s in r.Availability)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {s.Name} : {AvailabilityTexts.Rate(s.Rate)} pour un objectif de {AvailabilityTexts.Rate(s.Target)} — {s.Summary}\n");
        }

        if (r.Availability.Count == 0)
        {
            text.Append("- aucun service avec un engagement de disponibilité\n");
        }

        text.Append("\nInterruptions du mois\n");
        foreach (var o in r.Outages)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {OutageText(o, r.Zone)}\n");
        }

        if (r.Outages.Count == 0)
        {
            text.Append("- aucune\n");
        }

        text.Append("\nGraphiques (dans la version HTML de ce message et sur le portail)\n");
        foreach (var chart in r.Charts)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {chart.Chart.Description}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nLe rapport, ses tableaux et les rapports précédents : {link}\n\n");
        text.Append("Ce message vous est envoyé par Guichet en tant que référent de votre organisation.\n");
        return text.ToString();
    }

    public static string OutageText(ReportOutage o, string zone)
    {
        var z = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) ?? DateTimeZone.Utc;
        var start = AvailabilityTexts.ReadInstant(o.Start, "start", "", false, []) is { } s ? Display.ShortWhen(s, z) : o.Start;
        var end = o.End is null ? "en cours" : AvailabilityTexts.ReadInstant(o.End, "end", "", false, []) is { } e ? Display.ShortWhen(e, z) : o.End;
        return $"{o.ServiceName} : {o.CauseLabel} ({o.Reference}), du {start} au {end} — {AvailabilityTexts.Length(Duration.FromSeconds(o.CountedSeconds))} comptées";
    }

    public static string Html(ProductionReportView r, string name, string link)
    {
        static string E(string s) => Encoder.Encode(s);
        const string cell = "border:1px solid #999;padding:4px 6px;text-align:left";
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>").Append(E(Subject(r))).Append("</title></head>");
        h.Append("<body style=\"font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:640px\">");
        h.Append("<p>Bonjour").Append(string.IsNullOrWhiteSpace(name) ? "" : " " + E(name)).Append(",</p>");
        h.Append("<h1 style=\"font-size:20px\">Rapport de production du ").Append(E(DayText(r.Day))).Append("</h1>");
        h.Append("<p>").Append(E(r.OrganisationName)).Append(", contrat « ").Append(E(r.ContractName)).Append(" » (").Append(E(r.ZoneLabel)).Append("). ")
            .Append("<a href=\"").Append(E(link)).Append("\">Voir le rapport et les rapports précédents sur le portail</a>.</p>");

        h.Append("<h2 style=\"font-size:17px\">Temps de réponse de la journée</h2>");
        h.Append("<table style=\"border-collapse:collapse\"><caption style=\"text-align:left\">Mesures prises dans la période de mesure du contrat</caption>");
        h.Append("<thead><tr>");
        foreach (var head in new[] { "Vérification", "Objectif", "Mesure", "Statut" })
        {
            h.Append("<th scope=\"col\" style=\"").Append(cell).Append("\">").Append(head).Append("</th>");
        }

        h.Append("</tr></thead><tbody>");
        foreach (var check in r.Checks)
        {
            foreach (var o in check.Objectives)
            {
                h.Append("<tr><th scope=\"row\" style=\"").Append(cell).Append("\">").Append(E($"{check.Name} {o.Label}")).Append("</th>")
                    .Append("<td style=\"").Append(cell).Append("\">").Append(E(Percent(o.Percent))).Append("</td>")
                    .Append("<td style=\"").Append(cell).Append("\">").Append(E(Percent(o.SharePercent))).Append("</td>")
                    .Append("<td style=\"").Append(cell).Append("\">").Append(E(o.StatusLabel)).Append("</td></tr>");
            }
        }

        h.Append("</tbody></table>");

        h.Append("<h2 style=\"font-size:17px\">Disponibilité de ").Append(E(MonthText(r.Month))).Append("</h2><ul>");
        foreach (var s in r.Availability)
        {
            h.Append("<li>").Append(E($"{s.Name} : {AvailabilityTexts.Rate(s.Rate)} pour un objectif de {AvailabilityTexts.Rate(s.Target)} — {s.Summary}")).Append("</li>");
        }

        h.Append(r.Availability.Count == 0 ? "<li>Aucun service avec un engagement de disponibilité.</li>" : "").Append("</ul>");
        h.Append("<h2 style=\"font-size:17px\">Interruptions du mois</h2><ul>");
        foreach (var o in r.Outages)
        {
            h.Append("<li>").Append(E(OutageText(o, r.Zone))).Append("</li>");
        }

        h.Append(r.Outages.Count == 0 ? "<li>Aucune.</li>" : "").Append("</ul>");

        h.Append("<h2 style=\"font-size:17px\">Graphiques des temps de réponse</h2>");
        foreach (var chart in r.Charts)
        {
            var c = chart.Chart;
            h.Append("<h3 style=\"font-size:15px\">").Append(E(c.Title)).Append("</h3>");
            h.Append("<p><img src=\"cid:").Append(E(ContentId(c))).Append("\" width=\"").Append(ReportCharts.Width).Append("\" height=\"").Append(ReportCharts.Height)
                .Append("\" style=\"max-width:100%;height:auto\" alt=\"").Append(E(c.Description)).Append("\"></p>");
            h.Append("<table style=\"border-collapse:collapse;font-size:13px\"><caption style=\"text-align:left\">").Append(E($"Chiffres {c.RowUnit}")).Append("</caption><thead><tr>");
            foreach (var head in ChartHeads)
            {
                h.Append("<th scope=\"col\" style=\"").Append(cell).Append("\">").Append(head).Append("</th>");
            }

            h.Append("</tr></thead><tbody>");
            foreach (var row in c.Rows)
            {
                h.Append("<tr><th scope=\"row\" style=\"").Append(cell).Append("\">").Append(E(row.Label)).Append("</th>");
                foreach (var value in RowCells(row))
                {
                    h.Append("<td style=\"").Append(cell).Append("\">").Append(E(value)).Append("</td>");
                }

                h.Append("</tr>");
            }

            h.Append("</tbody></table>");
        }

        h.Append("<p>Ce message vous est envoyé par Guichet en tant que référent de votre organisation.</p></body></html>");
        return h.ToString();
    }

    /// <summary>The columns of a chart's table, after the period.</summary>
    public static readonly IReadOnlyList<string> ChartHeads = ["Période", "Mesures", "Échecs", "Temps moyen", "95e centile (le plus haut)", "Plus lente"];

    public static IEnumerable<string> RowCells(ReportChartRow row) =>
        [row.Count.ToString("N0", French), row.Failures.ToString("N0", French), Ms(row.MeanMs), Ms(row.P95Ms), Ms(row.MaxMs)];
}
