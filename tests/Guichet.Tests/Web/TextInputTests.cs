using Guichet.Web;

namespace Guichet.Tests.Web;

/// <summary>The French of a required field left empty agrees with any field's name (issue 15: "La description est requis").</summary>
public sealed class TextInputTests
{
    [Theory]
    [InlineData("La description", "Indiquez la description.")]
    [InlineData("Le libellé", "Indiquez le libellé.")]
    [InlineData("L'adresse e-mail", "Indiquez l'adresse e-mail.")]
    [InlineData("Le SIRET", "Indiquez le SIRET.")]
    public void A_missing_required_field_is_asked_for_by_name(string what, string expected)
    {
        Assert.Equal(expected, TextInput.Missing(what));
        Assert.Equal((null, expected), TextInput.Read("  ", 2000, required: true, what));
        Assert.Equal((null, null), TextInput.Read("  ", 2000, required: false, what));
    }
}
