using Guichet.Web;
using Guichet.Web.Pages;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Guichet.Tests.Web;

/// <summary>A use case's validation problem lands on the page's fields, other problems in the summary.</summary>
public sealed class PageProblemsTests
{
    [Fact]
    public void Validation_errors_go_to_the_mapped_fields_and_others_to_the_summary()
    {
        var state = new ModelStateDictionary();
        PageProblems.AddTo(state, Problems.Validation(new Dictionary<string, string[]> { ["subject"] = ["L'objet est obligatoire."], ["other"] = ["Autre."] }),
            new Dictionary<string, string> { ["subject"] = "Subject" });
        Assert.Equal("L'objet est obligatoire.", Assert.Single(state["Subject"]!.Errors).ErrorMessage);
        Assert.Equal("Autre.", Assert.Single(state[""]!.Errors).ErrorMessage);
        Assert.Equal("true", state.AriaInvalid("Subject"));

        var conflict = new ModelStateDictionary();
        PageProblems.AddTo(conflict, Problems.Conflict("concurrent_update", "Quelqu'un d'autre vient de modifier ce ticket."));
        Assert.Contains("Quelqu'un d'autre", Assert.Single(conflict[""]!.Errors).ErrorMessage, StringComparison.Ordinal);
        Assert.Null(conflict.AriaInvalid("Subject"));
    }
}
