using Guichet.Domain.Presets;
using Guichet.Domain.Tickets;

namespace Guichet.Features.Tickets.Pages;

/// <summary>
/// Base of the forms that raise a request (the client's new request, the request taken during a call): the service
/// type, and the priority or — on a contract with a priority matrix [AT 9.3.4.2] — criticité and impact, with the
/// choices of the chosen product's contract.
/// </summary>
internal abstract class RaiseFormModel : FormPageModel
{
    [BindProperty]
    public string? ServiceType { get; set; }

    [BindProperty]
    public string? Priority { get; set; }

    [BindProperty]
    public string? Criticality { get; set; }

    [BindProperty]
    public string? Impact { get; set; }

    public IReadOnlyList<Domain.Presets.ServiceType> ServiceTypes { get; private set; } = [];

    public IReadOnlyList<PriorityLevel> Priorities { get; private set; } = [];

    /// <summary>The priority matrix of the chosen product's contract [AT 9.3.4.2]: the form asks criticité and impact instead of the priority.</summary>
    public PriorityMatrix? Matrix { get; private set; }

    /// <summary>The choices of the chosen product's contract; its default priority when none is chosen and it has no matrix.</summary>
    protected void UseContract(SlaPreset preset)
    {
        ServiceTypes = preset.ServiceTypes;
        Priorities = preset.Policy.Scheme.Levels;
        Matrix = preset.PriorityMatrix;
        Priority ??= Matrix is null ? preset.DefaultPriority : null;
    }

    /// <summary>
    /// The priority or the criteria, as the contract asks: with a matrix, both criteria are required on a form (the
    /// API also accepts neither) and the priority is left to the matrix; without one, the criteria are dropped.
    /// Whether the form may go on (else the errors are next to the fields).
    /// </summary>
    protected bool CriteriaComplete()
    {
        if (Matrix is null)
        {
            (Criticality, Impact) = (null, null);
            return true;
        }

        Priority = null;
        return CriteriaForm.Require(ModelState, Matrix, Criticality, Impact, nameof(Criticality), nameof(Impact)) && ModelState.IsValid;
    }
}
