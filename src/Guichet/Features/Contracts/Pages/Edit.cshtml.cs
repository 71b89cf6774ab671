using System.Globalization;

namespace Guichet.Features.Contracts.Pages;

/// <summary>
/// Edits a contract's commercial terms through the PUT use case (every field set; empty = none). Staff without the
/// role get the API's answer, 403; another organisation's contract is a 404.
/// </summary>
internal sealed class EditModel(GuichetDbContext db, IClock clock) : ContractPageModel
{
    public sealed class LineForm
    {
        public string? Label { get; set; }

        public string? AmountExclVat { get; set; }

        public string? LaterYearAmounts { get; set; }
    }

    public sealed class QuotaForm
    {
        public string? Label { get; set; }

        public string? PluralLabel { get; set; }

        public string? PerContractYear { get; set; }

        public string? ServiceType { get; set; }
    }

    [FromRoute]
    public Guid Id { get; set; }

    public string Name { get; private set; } = "";

    /// <summary>A digest of the terms the form was opened on: if they changed since, someone else saved first.</summary>
    [BindProperty]
    public string? Stamp { get; set; }

    private string _current = "";

    private TermsView _terms = null!;

    [BindProperty] public string? InitialPeriodMonths { get; set; }

    [BindProperty] public string? Renewals { get; set; }

    [BindProperty] public bool UnlimitedRenewals { get; set; }

    [BindProperty] public string? RenewalPeriodMonths { get; set; }

    [BindProperty] public string? NoticeKind { get; set; }

    [BindProperty] public string? NoticeMonths { get; set; }

    [BindProperty] public string? NoticeExtraMonths { get; set; }

    [BindProperty] public string? FirstBillingDate { get; set; }

    [BindProperty] public string? InstalledOn { get; set; }

    [BindProperty] public string? VatRate { get; set; }

    [BindProperty] public List<LineForm> Lines { get; set; } = [];

    [BindProperty] public string? RevisionFormula { get; set; }

    [BindProperty] public string? RevisionIndex { get; set; }

    [BindProperty] public string? BaseIndexMonth { get; set; }

    [BindProperty] public string? BaseIndexValue { get; set; }

    [BindProperty] public string? BaseIndexSeries { get; set; }

    [BindProperty] public List<QuotaForm> Quotas { get; set; } = [];

    [BindProperty] public string? SupportedMajorVersions { get; set; }

    [BindProperty] public string? PatchDelayMonths { get; set; }

    [BindProperty] public string? NewVersionDelayMonths { get; set; }

    [BindProperty] public string? AlertLeadDays { get; set; }

    [BindProperty] public string? ReminderLeadDays { get; set; }

    [BindProperty] public string? LowTimeBankMinutes { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await AllowedAsync(ct) is { } refused)
        {
            return refused;
        }

        var t = _terms;
        Stamp = _current;
        InitialPeriodMonths = Text(t.InitialPeriodMonths);
        Renewals = Text(t.Renewals);
        UnlimitedRenewals = t.UnlimitedRenewals;
        RenewalPeriodMonths = Text(t.RenewalPeriodMonths);
        NoticeKind = t.Notice?.Kind;
        NoticeMonths = Text(t.Notice?.Months);
        NoticeExtraMonths = Text(t.Notice?.ExtraMonths);
        FirstBillingDate = Text(t.FirstBillingDate);
        InstalledOn = Text(t.InstalledOn);
        VatRate = Text(t.VatRate);
        foreach (var l in t.Lines)
        {
            Lines.Add(new LineForm { Label = l.Label, AmountExclVat = Text(l.AmountExclVat), LaterYearAmounts = string.Join(" ; ", l.PricesByYear.Skip(1).Select(p => Text(p))) });
        }

        RevisionFormula = t.Revision?.Formula ?? "none";
        RevisionIndex = t.Revision?.Index;
        BaseIndexMonth = Text(t.Revision?.BaseMonth);
        BaseIndexValue = Text(t.Revision?.BaseValue);
        BaseIndexSeries = t.Revision?.BaseSeries;
        foreach (var q in t.Quotas)
        {
            Quotas.Add(new QuotaForm { Label = q.Label, PluralLabel = q.PluralLabel, PerContractYear = Text(q.PerContractYear), ServiceType = q.ServiceType });
        }

        SupportedMajorVersions = Text(t.ServiceConditions?.SupportedMajorVersions);
        PatchDelayMonths = Text(t.ServiceConditions?.PatchDelayMonths);
        NewVersionDelayMonths = Text(t.ServiceConditions?.NewVersionDelayMonths);
        AlertLeadDays = Text(t.AlertLeadDays);
        ReminderLeadDays = Text(t.ReminderLeadDays);
        LowTimeBankMinutes = Text(t.LowTimeBankMinutes);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await AllowedAsync(ct) is { } refused)
        {
            return refused;
        }

        var lines = Lines.Select((l, i) => (l, i)).Where(x => !IsBlank(x.l.Label, x.l.AmountExclVat, x.l.LaterYearAmounts)).Select(x => new LineRequest(
            x.l.Label,
            Decimal($"lines[{x.i}].amountExclVat", x.l.AmountExclVat),
            x.l.LaterYearAmounts?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => Decimal($"lines[{x.i}].amountExclVat", a) ?? -1).ToList())).ToList();
        var quotas = Quotas.Select((q, i) => (q, i)).Where(x => !IsBlank(x.q.Label, x.q.PluralLabel, x.q.PerContractYear, x.q.ServiceType)).Select(x => new QuotaRequest(
            x.q.Label, Blank(x.q.PluralLabel), Integer($"quotas[{x.i}].perContractYear", x.q.PerContractYear), x.q.ServiceType)).ToList();
        var request = new TermsRequest(
            Integer("initialPeriodMonths", InitialPeriodMonths),
            Integer("renewals", Renewals),
            UnlimitedRenewals,
            Integer("renewalPeriodMonths", RenewalPeriodMonths),
            Blank(NoticeKind),
            Integer("noticeMonths", NoticeMonths),
            Integer("noticeExtraMonths", NoticeExtraMonths),
            Blank(FirstBillingDate),
            Blank(InstalledOn),
            Decimal("vatRate", VatRate),
            lines,
            Blank(RevisionFormula) ?? "none",
            Blank(RevisionIndex),
            Blank(BaseIndexMonth),
            Decimal("baseIndexValue", BaseIndexValue),
            Blank(BaseIndexSeries),
            quotas,
            Integer("supportedMajorVersions", SupportedMajorVersions),
            Integer("patchDelayMonths", PatchDelayMonths),
            Integer("newVersionDelayMonths", NewVersionDelayMonths),
            Integer("alertLeadDays", AlertLeadDays),
            Integer("reminderLeadDays", ReminderLeadDays),
            Integer("lowTimeBankMinutes", LowTimeBankMinutes));
        if (Stamp != _current)
        {
            ModelState.AddModelError("", "Ces conditions ont été modifiées par quelqu'un d'autre depuis l'ouverture de cette page. Vos saisies sont conservées : vérifiez-les, puis enregistrez de nouveau pour remplacer ses modifications.");
            ModelState.Remove(nameof(Stamp));
            Stamp = _current;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The renumbered rows (blank ones dropped) are what the use case names in its messages.
        Lines = [.. Lines.Where(l => !IsBlank(l.Label, l.AmountExclVat, l.LaterYearAmounts))];
        Quotas = [.. Quotas.Where(q => !IsBlank(q.Label, q.PluralLabel, q.PerContractYear, q.ServiceType))];
        if ((await EditContractTerms.RunAsync(Id, request, partial: false, Caller, db, clock, ct)).Failure is { } failure)
        {
            if (failure.Kind == FailureKind.NotFound)
            {
                return NotFound();
            }

            AddFailure(failure);
            return Page();
        }

        return Done("Les conditions commerciales sont enregistrées.", $"/contrats/{Id}");
    }

    /// <summary>404 outside the caller's contracts, 403 for staff without the role (the API's answers).</summary>
    private async Task<IActionResult?> AllowedAsync(CancellationToken ct)
    {
        var caller = Caller;
        if (!(await ContractReads.GetAsync(Id, caller, db, clock, ct)).TryGet(out var detail, out _))
        {
            return NotFound();
        }

        Name = detail.Name;
        _terms = detail.Terms;
        _current = Admin.Pages.AdminPageModel.Fingerprint(System.Text.Json.JsonSerializer.Serialize(detail.Terms, Web.NodaTimeJson.Options));
        return MayEdit ? null : StatusCode(StatusCodes.Status403Forbidden);
    }

    private static bool IsBlank(params string?[] values) => values.All(string.IsNullOrWhiteSpace);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Text(object? value) => value switch
    {
        null => null,
        decimal d => d.ToString("0.############", Display.French),
        LocalDate d => NodaTime.Text.LocalDatePattern.Iso.Format(d),
        YearMonth m => NodaTime.Text.YearMonthPattern.Iso.Format(m),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private int? Integer(string apiField, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ModelState.AddModelError(FieldId(apiField), "Indiquez un nombre entier.");
        return null;
    }

    /// <summary>A decimal typed the French way ("0,2", "1 250,50") or with a point.</summary>
    private decimal? Decimal(string apiField, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c != '\u202F')]).Replace(',', '.');
        if (decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ModelState.AddModelError(FieldId(apiField), "Indiquez un nombre (virgule décimale acceptée).");
        return null;
    }
}
