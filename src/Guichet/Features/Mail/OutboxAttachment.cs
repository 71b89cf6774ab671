namespace Guichet.Features.Mail;

/// <summary>
/// A file sent with an outbox message: an image its HTML shows inline (<c>cid:</c> + <see cref="ContentId"/>, sent
/// as <c>multipart/related</c>). The daily production report's charts are the first; mail without attachments is
/// sent as before.
/// </summary>
internal sealed class OutboxAttachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid MessageId { get; set; }

    /// <summary>The order of the parts in the mail.</summary>
    public int Position { get; set; }

    /// <summary>The Content-ID, without angle brackets (<c>graphique-1@guichet</c>): the HTML refers to it as <c>cid:</c>.</summary>
    public string ContentId { get; set; } = "";

    public string FileName { get; set; } = "";

    /// <summary><c>image/png</c>.</summary>
    public string MediaType { get; set; } = "";

    public byte[] Content { get; set; } = [];
}

internal sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> builder)
    {
        builder.ToTable("OutboxAttachments");
        builder.Property(a => a.ContentId).HaveMaxLength(200);
        builder.Property(a => a.FileName).HaveMaxLength(200);
        builder.Property(a => a.MediaType).HaveMaxLength(100);
        builder.References<OutboxAttachment, OutboxMessage>(a => a.MessageId, DeleteBehavior.Cascade);
    }
}
