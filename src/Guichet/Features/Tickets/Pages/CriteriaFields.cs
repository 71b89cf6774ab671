using Guichet.Domain.Presets;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Guichet.Features.Tickets.Pages;

/// <summary>What <c>_CriteriaFields.cshtml</c> shows: the matrix's two criteria and the levels chosen so far.</summary>
/// <param name="Matrix">The contract's priority matrix.</param>
/// <param name="Criticality">The criticité chosen (a level id), if any.</param>
/// <param name="Impact">The impact chosen, if any.</param>
/// <param name="Prefix">Prefix of the element ids, when the page has more than one form.</param>
internal sealed record CriteriaFields(PriorityMatrix Matrix, string? Criticality, string? Impact, string Prefix = "");

/// <summary>The forms' rule for the two criteria (the portal's new request, the request taken by phone).</summary>
internal static class CriteriaForm
{
    /// <summary>
    /// On a contract with a priority matrix, both criteria are required on a form (the API also accepts neither): an
    /// error next to each one missing; whether both were given.
    /// </summary>
    public static bool Require(ModelStateDictionary state, PriorityMatrix matrix, string? criticality, string? impact, string criticalityField, string impactField)
    {
        if (string.IsNullOrEmpty(criticality))
        {
            state.AddModelError(criticalityField, $"Choisissez la criticité : {string.Join(", ", matrix.Criticality.Levels.Select(l => l.Label))}.");
        }

        if (string.IsNullOrEmpty(impact))
        {
            state.AddModelError(impactField, $"Choisissez l'impact : {string.Join(", ", matrix.Impact.Levels.Select(l => l.Label))}.");
        }

        return !string.IsNullOrEmpty(criticality) && !string.IsNullOrEmpty(impact);
    }
}
