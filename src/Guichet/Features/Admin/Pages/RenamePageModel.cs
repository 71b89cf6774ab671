namespace Guichet.Features.Admin.Pages;

/// <summary>
/// Base of the page of a named reference row (product, queue): its id in the route and its rename form
/// (<c>_RenameForm</c>). The new name is required, unique among the other rows, and refused when the row was changed
/// since the form was opened (<see cref="AdminPageModel.StillAsRead"/>).
/// </summary>
internal abstract class RenamePageModel : AdminPageModel
{
    /// <summary>What the rename form says: its label, hint and button, and the list its cancel link goes back to.</summary>
    public sealed record RenameTexts(string Label, string Hint, string Button, string ListPath);

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    public abstract RenameTexts Rename { get; }

    /// <summary>The form as opened on <paramref name="stored"/>: that name, and its fingerprint.</summary>
    protected void ShowName(string stored)
    {
        Name = stored;
        Stamp = Fingerprint(stored);
    }

    /// <summary>
    /// The new name typed over <paramref name="stored"/>, or null with the errors on the form (<paramref name="takenByAnother"/>
    /// asks whether another row has it; <paramref name="changed"/> starts the message when the row changed meanwhile).
    /// </summary>
    protected async Task<string?> ReadNewNameAsync(string stored, string what, Func<string, Task<bool>> takenByAnother, string takenMessage, string changed)
    {
        var name = await ReadUniqueNameAsync(nameof(Name), Name, what, takenByAnother, takenMessage);
        StillAsRead(Fingerprint(stored), changed);
        return ModelState.IsValid ? name : null;
    }
}
