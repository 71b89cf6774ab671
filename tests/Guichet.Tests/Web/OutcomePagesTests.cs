using Guichet.Features;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Guichet.Tests.Web;

/// <summary>A use case's field errors land on the page's fields, other failures in the summary.</summary>
public sealed class OutcomePagesTests
{
    [Fact]
    public void Field_errors_go_to_the_mapped_fields_and_others_to_the_summary()
    {
        var state = new ModelStateDictionary();
        state.AddFailure(Failure.Invalid(new Dictionary<string, string[]> { ["subject"] = ["L'objet est obligatoire."], ["other"] = ["Autre."] }),
            new Dictionary<string, string> { ["subject"] = "Subject" });
        Assert.Equal("L'objet est obligatoire.", Assert.Single(state["Subject"]!.Errors).ErrorMessage);
        Assert.Equal("Autre.", Assert.Single(state[""]!.Errors).ErrorMessage);
        Assert.Equal("true", state.AriaInvalid("Subject"));

        var conflict = new ModelStateDictionary();
        conflict.AddFailure(Failure.Conflict("concurrent_update", "Quelqu'un d'autre vient de modifier ce ticket."), new Dictionary<string, string> { ["subject"] = "Subject" });
        Assert.Contains("Quelqu'un d'autre", Assert.Single(conflict[""]!.Errors).ErrorMessage, StringComparison.Ordinal);
        Assert.Null(conflict.AriaInvalid("Subject"));
    }
}
