using System.Globalization;
using Guichet.Domain.Contracts;

namespace Guichet.Features.Contracts;

/// <summary>
/// The dates a contract's account manager and référents are warned of [SPEC §6]: the notice deadline before the next
/// anniversary (an alert <see cref="Contract.AlertLead"/> days ahead and a reminder <see cref="Contract.ReminderLead"/>
/// days ahead), the tacit renewal or the expiry itself, and a time bank at or below its threshold (once per purchase:
/// a new purchase starts a new balance to watch).
/// </summary>
internal static class ContractDeadlines
{
    /// <summary>One date to warn of.</summary>
    /// <param name="Kind">notice, notice-reminder, renewal, expiry or low-time-bank (part of the alert's unique key).</param>
    /// <param name="Deadline">The date the alert is about.</param>
    /// <param name="Text">French, one sentence.</param>
    public sealed record Deadline(string Kind, LocalDate Date, LocalDate AlertFrom, string Text);

    /// <summary>The next deadlines of the contract, whether or not their alert window is open.</summary>
    public static List<Deadline> Upcoming(Contract c, LocalDate today, long? balanceMinutes, LocalDate? lastPurchase)
    {
        var list = new List<Deadline>();
        var name = $"« {c.Name} »";
        if (c.Terms() is { } terms && terms.NextAnniversary(today) is { } next)
        {
            if (next.NoticeDeadline is { } deadline && !next.DeadlinePassed)
            {
                var notice = $"Le contrat {name} peut être résilié jusqu'au {Date(deadline)} inclus ({c.Notice().Describe()}) ; sans résiliation, il {(next.StartsRenewal ? "est reconduit tacitement" : "se poursuit")} le {Date(next.Date)}.";
                var reminder = c.ReminderLead;
                if (reminder > 0 && reminder < c.AlertLead)
                {
                    list.Add(new("notice", deadline, deadline.PlusDays(-c.AlertLead), notice));
                    list.Add(new("notice-reminder", deadline, deadline.PlusDays(-reminder), "Rappel : " + notice));
                }
                else
                {
                    list.Add(new("notice", deadline, deadline.PlusDays(-c.AlertLead), notice));
                }
            }

            if (next.IsExpiry)
            {
                list.Add(new("expiry", next.Date, next.Date.PlusDays(-c.AlertLead), $"Le contrat {name} prend fin le {Date(next.Date.PlusDays(-1))} au soir : ses reconductions sont épuisées."));
            }
            else if (next.StartsRenewal)
            {
                list.Add(new("renewal", next.Date, next.Date.PlusDays(-c.AlertLead), $"Le contrat {name} est reconduit tacitement le {Date(next.Date)}."));
            }
        }

        if (c.LowTimeBankMinutes is { } threshold && balanceMinutes is { } balance && lastPurchase is { } purchase && balance <= threshold)
        {
            var bank = TimeBank.FormatDuration(Math.Abs(balance));
            var state = balance < 0 ? $"dépassé de {bank}" : $"à {bank}";
            list.Add(new("low-time-bank", purchase, today, $"Le carnet de temps du contrat {name} est {state} (seuil d'alerte : {TimeBank.FormatDuration(threshold)})."));
        }

        return list;
    }

    /// <summary>The deadlines whose alert is due today: the window is open and the date not passed.</summary>
    public static IEnumerable<Deadline> Due(Contract c, LocalDate today, long? balanceMinutes, LocalDate? lastPurchase)
    {
        var upcoming = Upcoming(c, today, balanceMinutes, lastPurchase);
        return upcoming.Where(d => d.AlertFrom <= today && (d.Kind == "low-time-bank" || today <= d.Date)
            // The first notice alert is not sent once the reminder's window is open: one mail, the reminder.
            && !(d.Kind == "notice" && upcoming.Any(r => r.Kind == "notice-reminder" && r.AlertFrom <= today)));
    }

    public static string Subject(Contract c, Deadline d) => d.Kind switch
    {
        "notice" or "notice-reminder" => $"Guichet : préavis du contrat « {c.Name} » au plus tard le {Date(d.Date)}",
        "renewal" => $"Guichet : reconduction du contrat « {c.Name} » le {Date(d.Date)}",
        "expiry" => $"Guichet : fin du contrat « {c.Name} » le {Date(d.Date.PlusDays(-1))}",
        _ => $"Guichet : carnet de temps du contrat « {c.Name} »",
    };

    public static string Date(LocalDate date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
