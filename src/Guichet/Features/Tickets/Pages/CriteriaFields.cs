using Guichet.Domain.Presets;

namespace Guichet.Features.Tickets.Pages;

/// <summary>What <c>_CriteriaFields.cshtml</c> shows: the matrix's two criteria and the levels chosen so far.</summary>
/// <param name="Matrix">The contract's priority matrix.</param>
/// <param name="Criticality">The criticité chosen (a level id), if any.</param>
/// <param name="Impact">The impact chosen, if any.</param>
/// <param name="Prefix">Prefix of the element ids, when the page has more than one form.</param>
internal sealed record CriteriaFields(PriorityMatrix Matrix, string? Criticality, string? Impact, string Prefix = "");
