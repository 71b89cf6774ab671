using System.CommandLine;
using System.Globalization;
using Guichet.Domain.Calendars;
using Guichet.Domain.Presets;
using Guichet.Domain.Sla;

namespace Guichet.Cli;

/// <summary><c>guichet calendar holidays</c> and <c>guichet calendar add</c>.</summary>
internal static class CalendarCommands
{
    public static Command Build(TextWriter stdout)
    {
        var calendar = new Command("calendar", "Calendriers ouvrés : jours fériés et calcul d'échéances.");
        calendar.Subcommands.Add(Holidays(stdout));
        calendar.Subcommands.Add(Add(stdout));
        return calendar;
    }

    private static Command Holidays(TextWriter stdout)
    {
        var territory = new Option<string>("--territory") { Description = "Territoire : " + string.Join(", ", Territory.All.Select(t => t.Id)), Required = true };
        var year = new Option<int>("--year") { Description = $"Année ({FrenchHolidays.MinYear}–{FrenchHolidays.MaxYear}).", Required = true };
        var noWhitMonday = new Option<bool>("--without-whit-monday") { Description = "Ne pas compter le lundi de Pentecôte." };
        var command = new Command("holidays", "Liste les jours fériés d'un territoire pour une année : AAAA-MM-JJ<TAB>nom.") { territory, year, noWhitMonday };
        command.SetAction(parse =>
        {
            var t = CliText.Territory(parse.GetValue(territory));
            var y = parse.GetValue(year);
            if (y is < FrenchHolidays.MinYear or > FrenchHolidays.MaxYear)
            {
                throw new CliUsageException($"--year: {y} is outside {FrenchHolidays.MinYear}–{FrenchHolidays.MaxYear}");
            }

            foreach (var h in FrenchHolidays.For(t, y, includeWhitMonday: !parse.GetValue(noWhitMonday)))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{h.Date:yyyy-MM-dd}\t{h.Name}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Add(TextWriter stdout)
    {
        var preset = new Option<string>("--preset") { Description = "Contrat type : " + string.Join(", ", PresetCatalog.Ids), Required = true };
        var calendarName = new Option<string>("--calendar") { Description = "Calendrier du contrat (par défaut : support)." };
        var territory = new Option<string>("--territory") { Description = "Territoire du client, pour les calendriers qui en dépendent (par défaut : metropole)." };
        var from = new Option<string>("--from") { Description = "Instant de départ, ISO 8601 (avec décalage, Z, ou heure locale du calendrier).", Required = true };
        var hours = new Option<decimal?>("--business-hours") { Description = "Nombre d'heures ouvrées à ajouter." };
        var days = new Option<int?>("--business-days") { Description = "Nombre de jours ouvrés à ajouter." };
        var command = new Command("add", "Calcule l'échéance : départ + N heures ou jours ouvrés d'un calendrier.") { preset, calendarName, territory, from, hours, days };
        command.Validators.Add(result =>
        {
            var hasHours = result.GetResult(hours) is not null;
            var hasDays = result.GetResult(days) is not null;
            if (hasHours == hasDays)
            {
                result.AddError("give exactly one of --business-hours <n> or --business-days <n>");
            }
        });
        command.SetAction(parse =>
        {
            var p = CliText.Preset(parse.GetRequiredValue(preset));
            var name = parse.GetValue(calendarName) ?? SlaPreset.DefaultCalendar;
            var calendars = p.CalendarsFor(CliText.Territory(parse.GetValue(territory)));
            if (!calendars.TryGetValue(name, out var cal))
            {
                throw new CliUsageException($"--calendar: preset {p.Id} has no calendar \"{name}\"; it has {string.Join(", ", calendars.Keys)}");
            }

            var start = CliText.ParseInstant(parse.GetRequiredValue(from), cal.Zone, "--from");
            NodaTime.Instant due;
            try
            {
                if (parse.GetValue(hours) is { } h)
                {
                    if (h is < 0 or > ClockTarget.MaxAmount)
                    {
                        throw new CliUsageException($"--business-hours: must be between 0 and {ClockTarget.MaxAmount}");
                    }

                    due = cal.AddBusinessHours(start, h);
                }
                else
                {
                    var d = parse.GetValue(days)!.Value;
                    if (d is < 0 or > ClockTarget.MaxAmount)
                    {
                        throw new CliUsageException($"--business-days: must be between 0 and {ClockTarget.MaxAmount}");
                    }

                    due = cal.AddBusinessDays(start, d);
                }
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException or OverflowException)
            {
                throw new CliUsageException($"cannot compute the due instant: {e.Message.ReplaceLineEndings(" ")}");
            }

            stdout.WriteLine(CliText.FormatInstant(due, cal.Zone));
            return 0;
        });
        return command;
    }
}
