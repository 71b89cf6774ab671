namespace Guichet.Data;

// The entities of the directory, owned by this feature; in the Data namespace like every entity, since most features read them.

/// <summary>A client organisation: commune, agglomeration, syndicate…</summary>
internal sealed class Organisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    /// <summary>14 digits, Luhn-checked (see Guichet.Domain.Organisations.Siret).</summary>
    public string Siret { get; set; } = "";

    public string Address { get; set; } = "";

    /// <summary>Territory id: sets holidays and time zone.</summary>
    public string Territory { get; set; } = "metropole";

    public string DpoName { get; set; } = "";

    public string DpoEmail { get; set; } = "";

    /// <summary>The provider's account manager for this organisation [LS 6.8].</summary>
    public Guid? AccountManagerId { get; set; }
}

/// <summary>A product (application) the provider supports.</summary>
internal sealed class Product
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public List<ProductVersion> Versions { get; set; } = [];
}

/// <summary>A released version of a product (X.Y.Z).</summary>
internal sealed class ProductVersion
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProductId { get; set; }

    public string Number { get; set; } = "";

    public LocalDate? ReleasedOn { get; set; }
}

/// <summary>A queue tickets are addressed to ("Pour").</summary>
internal sealed class Queue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";
}
