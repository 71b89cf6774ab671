using Guichet.Domain.Contracts;
using NodaTime.Text;

namespace Guichet.Features.Contracts;

internal sealed record LineRequest(string? Label, decimal? AmountExclVat, List<decimal>? LaterYearAmounts);

internal sealed record QuotaRequest(string? Label, string? PluralLabel, int? PerContractYear, string? ServiceType);

/// <summary>Commercial terms; dates are yyyy-MM-dd, the base index month yyyy-MM. PUT sets them all, PATCH those given.</summary>
internal sealed record TermsRequest(
    int? InitialPeriodMonths,
    int? Renewals,
    bool? UnlimitedRenewals,
    int? RenewalPeriodMonths,
    string? NoticeKind,
    int? NoticeMonths,
    int? NoticeExtraMonths,
    string? FirstBillingDate,
    string? InstalledOn,
    decimal? VatRate,
    List<LineRequest>? Lines,
    string? RevisionFormula,
    string? RevisionIndex,
    string? BaseIndexMonth,
    decimal? BaseIndexValue,
    string? BaseIndexSeries,
    List<QuotaRequest>? Quotas,
    int? SupportedMajorVersions,
    int? PatchDelayMonths,
    int? NewVersionDelayMonths,
    int? AlertLeadDays,
    int? ReminderLeadDays,
    int? LowTimeBankMinutes);

/// <summary>Reads and checks commercial terms from a request, with French messages per field.</summary>
internal static class ContractTermsInput
{
    public const int MaxLines = 50;

    public static bool TryDate(string? text, out LocalDate date)
    {
        var result = LocalDatePattern.Iso.Parse(text ?? "");
        date = result.Success ? result.Value : default;
        return result.Success && date.Year is >= ContractTerms.MinYear and <= ContractTerms.MaxYear;
    }

    public static bool TryMonth(string? text, out YearMonth month)
    {
        var result = YearMonthPattern.Iso.Parse(text ?? "");
        month = result.Success ? result.Value : default;
        return result.Success && month.Year is >= ContractTerms.MinYear and <= ContractTerms.MaxYear;
    }

    private static bool IsCents(decimal amount) => amount >= 0 && amount <= Money.MaxAmount && decimal.Round(amount, 2) == amount;

    /// <summary>Applies the request to the tracked contract; the errors by field, empty when everything was applied.</summary>
    public static Dictionary<string, string[]> Apply(Contract c, TermsRequest r, bool partial, GuichetDbContext db)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        bool Set(object? value) => !partial || value is not null;

        if (Set(r.InitialPeriodMonths))
        {
            c.InitialPeriodMonths = r.InitialPeriodMonths;
        }

        if (Set(r.Renewals))
        {
            c.RenewalCount = r.Renewals;
        }

        if (Set(r.UnlimitedRenewals))
        {
            c.UnlimitedRenewals = r.UnlimitedRenewals ?? false;
        }

        if (Set(r.RenewalPeriodMonths))
        {
            c.RenewalPeriodMonths = r.RenewalPeriodMonths;
        }

        if (Set(r.NoticeKind))
        {
            c.NoticeKind = r.NoticeKind is null ? null : NoticeKinds.Parse(r.NoticeKind);
            if (r.NoticeKind is not null && c.NoticeKind is null)
            {
                Error("noticeKind", "Valeurs possibles : before-anniversary, before-anniversary-late-termination, from-first-of-next-month.");
            }
        }

        if (Set(r.NoticeMonths))
        {
            c.NoticeMonths = r.NoticeMonths;
        }

        if (Set(r.NoticeExtraMonths))
        {
            c.NoticeExtraMonths = r.NoticeExtraMonths;
        }

        foreach (var (field, text, assign) in new (string, string?, Action<LocalDate?>)[]
        {
            ("firstBillingDate", r.FirstBillingDate, d => c.FirstBillingDate = d),
            ("installedOn", r.InstalledOn, d => c.InstalledOn = d),
        })
        {
            if (!Set(text))
            {
                continue;
            }

            if (text is null)
            {
                assign(null);
            }
            else if (TryDate(text, out var date))
            {
                assign(date);
            }
            else
            {
                Error(field, "Date invalide (AAAA-MM-JJ).");
            }
        }

        if (Set(r.VatRate))
        {
            if (r.VatRate is < 0 or >= 1)
            {
                Error("vatRate", "Le taux de TVA est compris entre 0 et 1 (0,2 pour 20 %).");
            }

            c.VatRate = r.VatRate;
        }

        if (c.InitialPeriodMonths is < 1 or > ContractTerms.MaxPeriodMonths)
        {
            Error("initialPeriodMonths", $"La période initiale est de 1 à {ContractTerms.MaxPeriodMonths} mois.");
        }

        if (c.RenewalCount is < 0 or > Renewals.MaxCount)
        {
            Error("renewals", $"Le nombre de reconductions tacites est compris entre 0 et {Renewals.MaxCount}.");
        }

        if (c.RenewalPeriodMonths is < 1 or > ContractTerms.MaxPeriodMonths)
        {
            Error("renewalPeriodMonths", $"La période de reconduction est de 1 à {ContractTerms.MaxPeriodMonths} mois.");
        }

        if (c.NoticeMonths is < 1 or > NoticeRule.MaxMonths)
        {
            Error("noticeMonths", $"Le préavis est de 1 à {NoticeRule.MaxMonths} mois.");
        }

        if (c.NoticeExtraMonths is < 0 or > ContractTerms.MaxPeriodMonths
            || (c.NoticeKind == NoticeKind.BeforeAnniversaryWithLateTermination && c.NoticeExtraMonths is < 1 or > NoticeRule.MaxMonths))
        {
            Error("noticeExtraMonths", "Délai invalide : de 1 à 24 mois pour l'effet d'une résiliation tardive, de 0 à 120 mois pour la durée minimale.");
        }

        if (c.InitialPeriodMonths is null && (c.NoticeKind is not null || c.NoticeMonths is not null))
        {
            Error("initialPeriodMonths", "Indiquez la période initiale du contrat.");
        }

        if (r.Lines is not null)
        {
            if (r.Lines.Count > MaxLines)
            {
                Error("lines", $"{MaxLines} lignes au plus.");
            }
            else
            {
                db.ContractLines.RemoveRange(c.Lines);
                c.Lines.Clear();
                for (var i = 0; i < r.Lines.Count; i++)
                {
                    var line = r.Lines[i];
                    var (label, labelError) = TextInput.Read(line?.Label, 200, required: true, "Le libellé");
                    if (labelError is not null)
                    {
                        Error($"lines[{i}].label", labelError);
                    }

                    var later = line?.LaterYearAmounts ?? [];
                    if (line?.AmountExclVat is not { } amount || !IsCents(amount) || later.Count > 20 || !later.All(IsCents))
                    {
                        Error($"lines[{i}].amountExclVat", "Montant HT en euros, positif ou nul, au centime près (20 années différentes au plus).");
                        continue;
                    }

                    // Added to the set explicitly: a new row whose key is already set would otherwise be taken for an update.
                    var added = new ContractLine { ContractId = c.Id, Position = i, Label = label ?? "", AmountExclVat = amount, LaterYearAmounts = ContractLine.FormatLaterYears(later) };
                    db.ContractLines.Add(added);
                    c.Lines.Add(added);
                }
            }
        }
        else if (!partial)
        {
            db.ContractLines.RemoveRange(c.Lines);
            c.Lines.Clear();
        }

        if (Set(r.RevisionFormula))
        {
            c.RevisionFormula = r.RevisionFormula is "none" ? null : r.RevisionFormula;
            if (c.RevisionFormula is not (null or "ls" or "at"))
            {
                Error("revisionFormula", "Valeurs possibles : none, ls (P(0) × [0,15 + 0,85 × S(n)/S(0)]), at (P(0) × I(n)/I(0)).");
            }
        }

        if (Set(r.RevisionIndex))
        {
            var (index, indexError) = TextInput.Read(r.RevisionIndex, 64, required: false, "Le nom de l'indice");
            if (indexError is not null)
            {
                Error("revisionIndex", indexError);
            }

            c.RevisionIndex = index is null ? null : IndexNames.Canonical(index);
        }

        if (Set(r.BaseIndexMonth))
        {
            if (r.BaseIndexMonth is null)
            {
                c.BaseIndexMonth = null;
            }
            else if (TryMonth(r.BaseIndexMonth, out var month))
            {
                c.BaseIndexMonth = month.OnDayOfMonth(1);
            }
            else
            {
                Error("baseIndexMonth", "Mois invalide (AAAA-MM).");
            }
        }

        if (Set(r.BaseIndexValue))
        {
            if (r.BaseIndexValue is <= 0 or >= 1_000_000)
            {
                Error("baseIndexValue", "La valeur de l'indice de base est un nombre positif.");
            }

            c.BaseIndexValue = r.BaseIndexValue;
        }

        if (Set(r.BaseIndexSeries))
        {
            c.BaseIndexSeries = r.BaseIndexSeries;
        }

        if (c.BaseIndexSeries is { } series && (series.Length > 32 || !IndexNames.IsKnownSeries(c.RevisionIndex ?? "", series)))
        {
            Error("baseIndexSeries", "Série inconnue (Syntec : historique ou 2022).");
        }

        if (c.RevisionFormula is not null && (c.RevisionIndex is null || c.BaseIndexMonth is null))
        {
            Error("revisionIndex", "Une révision de prix demande l'indice et le mois de l'indice de base.");
        }

        if (r.Quotas is not null)
        {
            db.ContractQuotas.RemoveRange(c.Quotas);
            c.Quotas.Clear();
            for (var i = 0; i < Math.Min(r.Quotas.Count, 20); i++)
            {
                var q = r.Quotas[i];
                var (label, labelError) = TextInput.Read(q?.Label, 200, required: true, "Le libellé");
                var (plural, pluralError) = TextInput.Read(q?.PluralLabel, 200, required: false, "Le libellé au pluriel");
                var (type, typeError) = TextInput.Read(q?.ServiceType, 64, required: true, "Le type de service");
                if ((labelError ?? pluralError) is { } e)
                {
                    Error($"quotas[{i}].label", e);
                }

                if (typeError is not null)
                {
                    Error($"quotas[{i}].serviceType", typeError);
                }

                if (q?.PerContractYear is not (> 0 and <= 10_000))
                {
                    Error($"quotas[{i}].perContractYear", "Nombre inclus par année de contrat : de 1 à 10000.");
                    continue;
                }

                var quota = new ContractQuota { ContractId = c.Id, Label = label ?? "", PluralLabel = plural, PerContractYear = q.PerContractYear.Value, ServiceType = type ?? "" };
                db.ContractQuotas.Add(quota);
                c.Quotas.Add(quota);
            }
        }
        else if (!partial)
        {
            db.ContractQuotas.RemoveRange(c.Quotas);
            c.Quotas.Clear();
        }

        // Whole numbers with bounds: each is set when given (a partial update keeps the stored one), then checked as stored.
        foreach (var (field, given, stored, assign, min, max, message) in new (string, int?, int?, Action<int?>, int, int, string)[]
        {
            ("supportedMajorVersions", r.SupportedMajorVersions, c.SupportedMajorVersions, v => c.SupportedMajorVersions = v, 1, 100, "Nombre de versions majeures maintenues : de 1 à 100."),
            ("patchDelayMonths", r.PatchDelayMonths, c.PatchDelayMonths, v => c.PatchDelayMonths = v, 1, 120, "Délai d'installation : de 1 à 120 mois."),
            ("newVersionDelayMonths", r.NewVersionDelayMonths, c.NewVersionDelayMonths, v => c.NewVersionDelayMonths = v, 1, 120, "Délai d'installation : de 1 à 120 mois."),
            ("alertLeadDays", r.AlertLeadDays, c.AlertLeadDays, v => c.AlertLeadDays = v, 1, 365, "Délai d'alerte : de 1 à 365 jours."),
            ("reminderLeadDays", r.ReminderLeadDays, c.ReminderLeadDays, v => c.ReminderLeadDays = v, 0, 365, "Délai de rappel : de 0 (aucun rappel) à 365 jours."),
            ("lowTimeBankMinutes", r.LowTimeBankMinutes, c.LowTimeBankMinutes, v => c.LowTimeBankMinutes = v, 0, TimeBank.MaxMinutes, $"Seuil d'alerte du carnet de temps : de 0 à {TimeBank.MaxMinutes} minutes."),
        })
        {
            var value = Set(given) ? given : stored;
            assign(value);
            if (value < min || value > max)
            {
                Error(field, message);
            }
        }

        if (errors.Count == 0)
        {
            // The domain has the last word (a start date out of its range, a combination it refuses).
            try
            {
                _ = c.Terms();
                _ = c.Conditions();
                if (c.Lines.Count > 0)
                {
                    _ = ContractView.YearAmounts(c, 1);
                }
            }
            catch (ArgumentException)
            {
                Error("initialPeriodMonths", "Ces conditions ne forment pas un contrat valide (dates ou durées hors limites).");
            }
        }

        return errors;
    }
}
