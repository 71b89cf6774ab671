using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guichet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Probes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Probes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ExpectedStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpectedText = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TimeoutMs = table.Column<int>(type: "INTEGER", nullable: false),
                    IntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    FailuresBeforeOutage = table.Column<int>(type: "INTEGER", nullable: false),
                    AcceptUntrustedCertificate = table.Column<bool>(type: "INTEGER", nullable: false),
                    CheckId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextDueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeaseHolder = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastSampleAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastOk = table.Column<bool>(type: "INTEGER", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    FailingSince = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CertificateNotAfter = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                name: "CertificateWarnings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NotAfter = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Start = table.Column<DateTime>(type: "TEXT", nullable: false),
                    End = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OutageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EndConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hour = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    SumMs = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxMs = table.Column<int>(type: "INTEGER", nullable: true),
                    P80Ms = table.Column<int>(type: "INTEGER", nullable: true),
                    P95Ms = table.Column<int>(type: "INTEGER", nullable: true),
                    Histogram = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Percent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    ThresholdMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DurationMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Ok = table.Column<bool>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CertificateNotAfter = table.Column<DateTime>(type: "TEXT", nullable: true)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CertificateWarnings");

            migrationBuilder.DropTable(
                name: "OutageProposals");

            migrationBuilder.DropTable(
                name: "ProbeHours");

            migrationBuilder.DropTable(
                name: "ProbeObjectives");

            migrationBuilder.DropTable(
                name: "ProbeSamples");

            migrationBuilder.DropTable(
                name: "Probes");
        }
    }
}
