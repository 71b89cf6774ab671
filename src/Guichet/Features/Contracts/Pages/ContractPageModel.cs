using System.Globalization;
using Guichet.Domain.Contracts;
using Microsoft.AspNetCore.Html;
using NodaTime.Text;

namespace Guichet.Features.Contracts.Pages;

/// <summary>
/// Base of the contract pages: they call the API's use cases (<see cref="ContractReads"/>…) and show what those answer, so that
/// rules, scope (another organisation's contract is a 404) and French messages are the API's.
/// </summary>
internal abstract class ContractPageModel : FormPageModel
{
    /// <summary>Whether the caller may edit terms, record purchases and enter index values (the API's rule).</summary>
    public bool MayEdit => Caller is not null && ContractAccess.MayEditTerms(Caller);

    /// <summary>
    /// An API field name as the page's field id: "noticeMonths" → "NoticeMonths", "lines[0].label" → "Lines_0__Label"
    /// (the ids ASP.NET gives to <c>Lines[0].Label</c>).
    /// </summary>
    public static string FieldId(string apiField) => string.Join('_', apiField.Split('.').Select(s =>
        (s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]).Replace('[', '_').Replace(']', '_')));

    /// <summary>
    /// Puts a use case's failure into the form, each message on the field it names (<paramref name="fields"/>, or
    /// <see cref="FieldId"/>).
    /// </summary>
    protected void AddFailure(Failure failure, IReadOnlyDictionary<string, string>? fields = null) =>
        ModelState.AddFailure(failure, failure.Errors?.Keys.ToDictionary(k => k, k => fields is not null && fields.TryGetValue(k, out var mapped) ? mapped : FieldId(k)));
}

/// <summary>French display of what the contract use cases answer (ISO dates, decimal euros).</summary>
internal static class ContractText
{
    private static readonly LocalDatePattern Long = LocalDatePattern.Create("d MMMM yyyy", Display.French);

    /// <summary>"01/11/2026"; "—" when there is none.</summary>
    public static string Date(LocalDate? date) =>
        date is { } d ? d.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture) : "—";

    /// <summary>"1er novembre 2026", as a letter says it.</summary>
    public static string LongDate(LocalDate? date)
    {
        if (date is not { } d)
        {
            return "—";
        }

        var text = Long.Format(d);
        return d.Day == 1 ? "1er" + text[1..] : text;
    }

    public static string Euros(decimal amount) => Money.Format(amount);

    public static string Number(decimal value) => value.ToString("0.############", Display.French);

    public static string Month(YearMonth? month) =>
        month is { } m ? YearMonthPattern.Create("MMMM yyyy", Display.French).Format(m) : "—";

    /// <summary>"initiale", "1re reconduction tacite", "2e reconduction tacite".</summary>
    public static string Renewal(int index) => index switch
    {
        0 => "période initiale",
        1 => "1re reconduction tacite",
        _ => $"{index}e reconduction tacite",
    };

    /// <summary>The kinds of deadline of the alerts use case.</summary>
    public static string Kind(string kind) => kind switch
    {
        "notice" => "Date limite de préavis",
        "notice-reminder" => "Rappel de préavis",
        "renewal" => "Reconduction tacite",
        "expiry" => "Fin du contrat",
        "low-time-bank" => "Carnet de temps bas",
        _ => kind,
    };

    /// <summary>A heading of the given level (the contract's sections are h2 on its own page, h3 under a list).</summary>
    public static IHtmlContent Heading(int level, string text, string? id = null)
    {
        var tag = new Microsoft.AspNetCore.Mvc.Rendering.TagBuilder("h" + Math.Clamp(level, 1, 6));
        if (id is not null)
        {
            tag.Attributes["id"] = id;
        }

        tag.InnerHtml.Append(text);
        return tag;
    }
}

/// <summary>What the contract partial shows: the detail the API answers, for staff or for the client.</summary>
internal sealed record ContractDetailView(ContractDetail Detail, bool ForStaff, int Level);
