using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guichet.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProbesReportsCrisis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Crises",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ManagerId = table.Column<Guid>(type: "uuid", nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    NextDueKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Crises", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Crises_AspNetUsers_ManagerId",
                        column: x => x.ManagerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Crises_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutboxAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ContentId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxAttachments_Outbox_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Outbox",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Probes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Method = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ExpectedStatus = table.Column<int>(type: "integer", nullable: false),
                    ExpectedText = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    TimeoutMs = table.Column<int>(type: "integer", nullable: false),
                    IntervalSeconds = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    FailuresBeforeOutage = table.Column<int>(type: "integer", nullable: false),
                    AcceptUntrustedCertificate = table.Column<bool>(type: "boolean", nullable: false),
                    CheckId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseHolder = table.Column<Guid>(type: "uuid", nullable: true),
                    LastSampleAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastOk = table.Column<bool>(type: "boolean", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    FailingSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CertificateNotAfter = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Probes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Probes_HostedServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "HostedServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductionReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    To = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BuiltAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Recipients = table.Column<int>(type: "integer", nullable: false),
                    Snapshot = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductionReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductionReports_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductionReportSchedules",
                columns: table => new
                {
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hour = table.Column<int>(type: "integer", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductionReportSchedules", x => x.ContractId);
                    table.ForeignKey(
                        name: "FK_ProductionReportSchedules_AspNetUsers_UpdatedBy",
                        column: x => x.UpdatedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ProductionReportSchedules_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisAlerts",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ToldAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisAlerts", x => new { x.CrisisId, x.Key, x.Kind, x.DueAt });
                    table.ForeignKey(
                        name: "FK_CrisisAlerts_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisContacts",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisContacts", x => new { x.CrisisId, x.UserId });
                    table.ForeignKey(
                        name: "FK_CrisisContacts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisContacts_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisDeadlines",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Target = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AnchorAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    KeptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisDeadlines", x => new { x.CrisisId, x.Key });
                    table.ForeignKey(
                        name: "FK_CrisisDeadlines_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: true),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Plan = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Cadence = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrisisEvents_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CrisisEvents_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisMeasures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    TicketId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisMeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CrisisMeasures_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CrisisMeasures_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisMeasures_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "CrisisOutages",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    OutageId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisOutages", x => new { x.CrisisId, x.OutageId });
                    table.ForeignKey(
                        name: "FK_CrisisOutages_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisOutages_Outages_OutageId",
                        column: x => x.OutageId,
                        principalTable: "Outages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisPostMortems",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    Causes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "uuid", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisPostMortems", x => x.CrisisId);
                    table.ForeignKey(
                        name: "FK_CrisisPostMortems_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CrisisPostMortems_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisServices",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisServices", x => new { x.CrisisId, x.ServiceId });
                    table.ForeignKey(
                        name: "FK_CrisisServices_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisServices_HostedServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "HostedServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CrisisTickets",
                columns: table => new
                {
                    CrisisId = table.Column<Guid>(type: "uuid", nullable: false),
                    TicketId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CrisisTickets", x => new { x.CrisisId, x.TicketId });
                    table.ForeignKey(
                        name: "FK_CrisisTickets_Crises_CrisisId",
                        column: x => x.CrisisId,
                        principalTable: "Crises",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CrisisTickets_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CertificateWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProbeId = table.Column<Guid>(type: "uuid", nullable: false),
                    NotAfter = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificateWarnings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CertificateWarnings_Probes_ProbeId",
                        column: x => x.ProbeId,
                        principalTable: "Probes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutageProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProbeId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OutageId = table.Column<Guid>(type: "uuid", nullable: true),
                    EndConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutageProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutageProposals_AspNetUsers_DecidedBy",
                        column: x => x.DecidedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_OutageProposals_Outages_OutageId",
                        column: x => x.OutageId,
                        principalTable: "Outages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_OutageProposals_Probes_ProbeId",
                        column: x => x.ProbeId,
                        principalTable: "Probes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProbeHours",
                columns: table => new
                {
                    ProbeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hour = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    SumMs = table.Column<long>(type: "bigint", nullable: false),
                    MaxMs = table.Column<int>(type: "integer", nullable: true),
                    P80Ms = table.Column<int>(type: "integer", nullable: true),
                    P95Ms = table.Column<int>(type: "integer", nullable: true),
                    Histogram = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProbeHours", x => new { x.ProbeId, x.Hour });
                    table.ForeignKey(
                        name: "FK_ProbeHours_Probes_ProbeId",
                        column: x => x.ProbeId,
                        principalTable: "Probes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProbeObjectives",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProbeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false),
                    ThresholdMs = table.Column<int>(type: "integer", nullable: false),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProbeObjectives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProbeObjectives_Probes_ProbeId",
                        column: x => x.ProbeId,
                        principalTable: "Probes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProbeSamples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProbeId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DurationMs = table.Column<int>(type: "integer", nullable: false),
                    Ok = table.Column<bool>(type: "boolean", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    Error = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CertificateNotAfter = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProbeSamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProbeSamples_Probes_ProbeId",
                        column: x => x.ProbeId,
                        principalTable: "Probes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CertificateWarnings_ProbeId_NotAfter_Days",
                table: "CertificateWarnings",
                columns: new[] { "ProbeId", "NotAfter", "Days" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Crises_ContractId",
                table: "Crises",
                column: "ContractId");

            migrationBuilder.CreateIndex(
                name: "IX_Crises_ManagerId",
                table: "Crises",
                column: "ManagerId");

            migrationBuilder.CreateIndex(
                name: "IX_Crises_NextDueAt",
                table: "Crises",
                column: "NextDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Crises_OrganisationId_ClosedAt",
                table: "Crises",
                columns: new[] { "OrganisationId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CrisisContacts_UserId",
                table: "CrisisContacts",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisEvents_AuthorId",
                table: "CrisisEvents",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisEvents_CrisisId_Id",
                table: "CrisisEvents",
                columns: new[] { "CrisisId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CrisisMeasures_AuthorId",
                table: "CrisisMeasures",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisMeasures_CrisisId",
                table: "CrisisMeasures",
                column: "CrisisId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisMeasures_TicketId",
                table: "CrisisMeasures",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisOutages_OutageId",
                table: "CrisisOutages",
                column: "OutageId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisPostMortems_UpdatedById",
                table: "CrisisPostMortems",
                column: "UpdatedById");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisServices_ServiceId",
                table: "CrisisServices",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_CrisisTickets_TicketId",
                table: "CrisisTickets",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_OutageProposals_DecidedBy",
                table: "OutageProposals",
                column: "DecidedBy");

            migrationBuilder.CreateIndex(
                name: "IX_OutageProposals_OutageId",
                table: "OutageProposals",
                column: "OutageId");

            migrationBuilder.CreateIndex(
                name: "IX_OutageProposals_ProbeId_Start",
                table: "OutageProposals",
                columns: new[] { "ProbeId", "Start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutageProposals_ServiceId_State",
                table: "OutageProposals",
                columns: new[] { "ServiceId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxAttachments_MessageId",
                table: "OutboxAttachments",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_ProbeHours_Hour",
                table: "ProbeHours",
                column: "Hour");

            migrationBuilder.CreateIndex(
                name: "IX_ProbeObjectives_ProbeId",
                table: "ProbeObjectives",
                column: "ProbeId");

            migrationBuilder.CreateIndex(
                name: "IX_Probes_Enabled_NextDueAt",
                table: "Probes",
                columns: new[] { "Enabled", "NextDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Probes_ServiceId",
                table: "Probes",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_ProbeSamples_ProbeId_At",
                table: "ProbeSamples",
                columns: new[] { "ProbeId", "At" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductionReports_ContractId_Day",
                table: "ProductionReports",
                columns: new[] { "ContractId", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductionReports_OrganisationId_Day",
                table: "ProductionReports",
                columns: new[] { "OrganisationId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductionReportSchedules_UpdatedBy",
                table: "ProductionReportSchedules",
                column: "UpdatedBy");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificateWarnings");

            migrationBuilder.DropTable(
                name: "CrisisAlerts");

            migrationBuilder.DropTable(
                name: "CrisisContacts");

            migrationBuilder.DropTable(
                name: "CrisisDeadlines");

            migrationBuilder.DropTable(
                name: "CrisisEvents");

            migrationBuilder.DropTable(
                name: "CrisisMeasures");

            migrationBuilder.DropTable(
                name: "CrisisOutages");

            migrationBuilder.DropTable(
                name: "CrisisPostMortems");

            migrationBuilder.DropTable(
                name: "CrisisServices");

            migrationBuilder.DropTable(
                name: "CrisisTickets");

            migrationBuilder.DropTable(
                name: "OutageProposals");

            migrationBuilder.DropTable(
                name: "OutboxAttachments");

            migrationBuilder.DropTable(
                name: "ProbeHours");

            migrationBuilder.DropTable(
                name: "ProbeObjectives");

            migrationBuilder.DropTable(
                name: "ProbeSamples");

            migrationBuilder.DropTable(
                name: "ProductionReports");

            migrationBuilder.DropTable(
                name: "ProductionReportSchedules");

            migrationBuilder.DropTable(
                name: "Crises");

            migrationBuilder.DropTable(
                name: "Probes");
        }
    }
}
