using Guichet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace Guichet.Features.Notifications;

/// <summary>
/// A ticket event waiting to be told: written by <see cref="TicketNoticeInterceptor"/> in the same transaction as the
/// event, so an event committed is never left untold and an event rolled back is never told. The events of one save
/// share a <see cref="Batch"/> (one mail per recipient for a reply that also changes the state). The dispatcher deletes
/// the rows in the transaction that writes the mails.
/// </summary>
internal sealed class TicketNotice
{
    public long Id { get; set; }

    /// <summary>The save that wrote the event.</summary>
    public Guid Batch { get; set; }

    public long EventId { get; set; }

    public Data.TicketTraceEntry Event { get; set; } = null!;

    public Instant CreatedAt { get; set; }
}

/// <summary>A person's choice for one kind of notification; without a row, the organisation's default, then "on, at once".</summary>
internal sealed class NotificationPreference : INotificationChoice
{
    public Guid UserId { get; set; }

    /// <summary>A <see cref="NotificationKind"/> id.</summary>
    public string Kind { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>In the daily digest rather than at once.</summary>
    public bool Digest { get; set; }

    /// <summary>The local hour (0–23, the person's organisation's time zone) the digest is sent at.</summary>
    public int DigestHour { get; set; } = 8;
}

/// <summary>A stored choice for one kind of notification: a person's own, or an organisation's default for its users.</summary>
internal interface INotificationChoice
{
    /// <summary>A <see cref="NotificationKind"/> id.</summary>
    string Kind { get; }

    bool Enabled { get; set; }

    /// <summary>In the daily digest rather than at once.</summary>
    bool Digest { get; set; }

    /// <summary>The local hour (0–23) the digest is sent at.</summary>
    int DigestHour { get; set; }
}

/// <summary>An organisation's default for one kind of notification, for its users without a choice of their own.</summary>
internal sealed class OrganisationNotificationDefault : INotificationChoice
{
    public Guid OrganisationId { get; set; }

    public string Kind { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public bool Digest { get; set; }

    public int DigestHour { get; set; } = 8;
}

/// <summary>A line waiting for a person's daily digest.</summary>
internal sealed class NotificationDigestItem
{
    public long Id { get; set; }

    public Guid UserId { get; set; }

    public long TicketId { get; set; }

    public string Kind { get; set; } = "";

    /// <summary>One line of plain text (the mail's subject).</summary>
    public string Line { get; set; } = "";

    public Instant CreatedAt { get; set; }

    /// <summary>When the digest holding it is due.</summary>
    public Instant DueAt { get; set; }
}

/// <summary>Someone who gets a ticket's notifications besides its requester: a colleague the requester added, or staff.</summary>
internal sealed class TicketFollower
{
    public long TicketId { get; set; }

    public Guid UserId { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>An administrator's version of a notification's template (Liquid, rendered with Fluid); without a row, the built-in one.</summary>
internal sealed class MailTemplate
{
    public string Kind { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Text { get; set; } = "";

    public string Html { get; set; } = "";

    public Instant UpdatedAt { get; set; }

    public Guid UpdatedById { get; set; }
}

internal sealed class TicketNoticeConfiguration : IEntityTypeConfiguration<TicketNotice>
{
    public void Configure(EntityTypeBuilder<TicketNotice> builder)
    {
        builder.ToTable("TicketNotices");
        builder.HasOne(n => n.Event).WithMany().HasForeignKey(n => n.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => n.Batch);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("NotificationPreferences");
        builder.HasKey(p => new { p.UserId, p.Kind });
        builder.Property(p => p.Kind).HasMaxLength(40);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OrganisationNotificationDefaultConfiguration : IEntityTypeConfiguration<OrganisationNotificationDefault>
{
    public void Configure(EntityTypeBuilder<OrganisationNotificationDefault> builder)
    {
        builder.ToTable("OrganisationNotificationDefaults");
        builder.HasKey(p => new { p.OrganisationId, p.Kind });
        builder.Property(p => p.Kind).HasMaxLength(40);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDigestItemConfiguration : IEntityTypeConfiguration<NotificationDigestItem>
{
    public void Configure(EntityTypeBuilder<NotificationDigestItem> builder)
    {
        builder.ToTable("NotificationDigestItems");
        builder.Property(p => p.Kind).HasMaxLength(40);
        builder.Property(p => p.Line).HasMaxLength(400);
        builder.HasIndex(p => new { p.DueAt, p.UserId });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketFollowerConfiguration : IEntityTypeConfiguration<TicketFollower>
{
    public void Configure(EntityTypeBuilder<TicketFollower> builder)
    {
        builder.ToTable("TicketFollowers");
        builder.HasKey(f => new { f.TicketId, f.UserId });
        builder.HasOne<Ticket>().WithMany().HasForeignKey(f => f.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MailTemplateConfiguration : IEntityTypeConfiguration<MailTemplate>
{
    public void Configure(EntityTypeBuilder<MailTemplate> builder)
    {
        builder.ToTable("MailTemplates");
        builder.HasKey(t => t.Kind);
        builder.Property(t => t.Kind).HasMaxLength(40);
        builder.Property(t => t.Subject).HasMaxLength(300);
    }
}
