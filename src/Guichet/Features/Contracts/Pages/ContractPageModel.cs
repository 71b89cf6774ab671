using System.Globalization;
using Guichet.Domain.Contracts;
using Guichet.Features.Accounts;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime.Text;

namespace Guichet.Features.Contracts.Pages;

/// <summary>
/// Base of the contract pages: they call <see cref="ContractsApi"/>'s use cases and show what those answer, so that
/// rules, scope (another organisation's contract is a 404) and French messages are the API's.
/// </summary>
internal abstract class ContractPageModel : FormPageModel
{
    /// <summary>Whether the caller may edit terms, record purchases and enter index values (the API's rule).</summary>
    public bool MayEdit => Caller is not null && ContractsApi.MayEditTerms(Caller);

    /// <summary>The value a successful use case answered with (anonymous objects, read dynamically by the views).</summary>
    protected static dynamic? ValueOf(IResult result) => result is IValueHttpResult v ? v.Value : null;

    /// <summary>
    /// An API field name as the page's field id: "noticeMonths" → "NoticeMonths", "lines[0].label" → "Lines_0__Label"
    /// (the ids ASP.NET gives to <c>Lines[0].Label</c>).
    /// </summary>
    public static string FieldId(string apiField) => string.Join('_', apiField.Split('.').Select(s =>
        (s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..]).Replace('[', '_').Replace(']', '_')));

    /// <summary>
    /// Puts a use case's problem into the form, each message on the field it names (<paramref name="fields"/>, or
    /// <see cref="FieldId"/>). <c>Results.ValidationProblem</c> answers a <see cref="ProblemHttpResult"/> whose details
    /// carry the errors by field.
    /// </summary>
    protected void AddProblem(IResult problem, IReadOnlyDictionary<string, string>? fields = null)
    {
        var errors = problem switch
        {
            ProblemHttpResult { ProblemDetails: HttpValidationProblemDetails details } => details.Errors,
            ValidationProblem v => v.ProblemDetails.Errors,
            _ => null,
        };
        if (errors is null)
        {
            PageProblems.AddTo(ModelState, problem);
            return;
        }

        foreach (var (field, messages) in errors)
        {
            var key = fields is not null && fields.TryGetValue(field, out var mapped) ? mapped : FieldId(field);
            foreach (var message in messages)
            {
                ModelState.AddModelError(key, message);
            }
        }
    }
}

/// <summary>French display of what the contract use cases answer (ISO dates, decimal euros).</summary>
internal static class ContractText
{
    private static readonly LocalDatePattern Long = LocalDatePattern.Create("d MMMM yyyy", Display.French);

    /// <summary>"01/11/2026" from "2026-11-01"; "—" when there is none.</summary>
    public static string Date(string? iso) =>
        iso is not null && LocalDatePattern.Iso.Parse(iso) is { Success: true } r ? r.Value.ToString("dd'/'MM'/'yyyy", CultureInfo.InvariantCulture) : "—";

    /// <summary>"1er novembre 2026", as a letter says it.</summary>
    public static string LongDate(string? iso)
    {
        if (iso is null || LocalDatePattern.Iso.Parse(iso) is not { Success: true } r)
        {
            return "—";
        }

        var text = Long.Format(r.Value);
        return r.Value.Day == 1 ? "1er" + text[1..] : text;
    }

    public static string Euros(decimal amount) => Money.Format(amount);

    public static string Number(decimal value) => value.ToString("0.############", Display.French);

    public static string Month(string? yyyyMm) =>
        yyyyMm is not null && YearMonthPattern.Iso.Parse(yyyyMm) is { Success: true } r
            ? YearMonthPattern.Create("MMMM yyyy", Display.French).Format(r.Value)
            : "—";

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
internal sealed record ContractDetailView(dynamic Detail, bool ForStaff, int Level);
