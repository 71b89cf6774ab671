using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guichet.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ContractTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OutOfScopeReason",
                table: "Tickets",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AlertLeadDays",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "BaseIndexMonth",
                table: "Contracts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BaseIndexSeries",
                table: "Contracts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "BaseIndexValue",
                table: "Contracts",
                type: "numeric(14,4)",
                precision: 14,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FirstBillingDate",
                table: "Contracts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "InitialPeriodMonths",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "InstalledOn",
                table: "Contracts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LowTimeBankMinutes",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NewVersionDelayMonths",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NoticeExtraMonths",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticeKind",
                table: "Contracts",
                type: "character varying(48)",
                maxLength: 48,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NoticeMonths",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PatchDelayMonths",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReminderLeadDays",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RenewalCount",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RenewalPeriodMonths",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevisionFormula",
                table: "Contracts",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RevisionIndex",
                table: "Contracts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SupportedMajorVersions",
                table: "Contracts",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "UnlimitedRenewals",
                table: "Contracts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<decimal>(
                name: "VatRate",
                table: "Contracts",
                type: "numeric(6,4)",
                precision: 6,
                scale: 4,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ContractAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    Recipient = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OutboxMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractAlerts_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContractLines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AmountExclVat = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    LaterYearAmounts = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractLines_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContractQuotas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PluralLabel = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PerContractYear = table.Column<int>(type: "integer", nullable: false),
                    ServiceType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractQuotas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContractQuotas_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PriceIndexValues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IndexName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(14,4)", precision: 14, scale: 4, nullable: false),
                    Series = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PriceIndexValues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TimeBankPurchases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimeBankPurchases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimeBankPurchases_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_TimeBankPurchases_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContractAlerts_ContractId_Kind_Deadline_Recipient",
                table: "ContractAlerts",
                columns: new[] { "ContractId", "Kind", "Deadline", "Recipient" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContractLines_ContractId_Position",
                table: "ContractLines",
                columns: new[] { "ContractId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_ContractQuotas_ContractId",
                table: "ContractQuotas",
                column: "ContractId");

            migrationBuilder.CreateIndex(
                name: "IX_PriceIndexValues_IndexName_Month",
                table: "PriceIndexValues",
                columns: new[] { "IndexName", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TimeBankPurchases_AuthorId",
                table: "TimeBankPurchases",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_TimeBankPurchases_ContractId",
                table: "TimeBankPurchases",
                column: "ContractId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContractAlerts");

            migrationBuilder.DropTable(
                name: "ContractLines");

            migrationBuilder.DropTable(
                name: "ContractQuotas");

            migrationBuilder.DropTable(
                name: "PriceIndexValues");

            migrationBuilder.DropTable(
                name: "TimeBankPurchases");

            migrationBuilder.DropColumn(
                name: "OutOfScopeReason",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "AlertLeadDays",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "BaseIndexMonth",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "BaseIndexSeries",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "BaseIndexValue",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "FirstBillingDate",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "InitialPeriodMonths",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "InstalledOn",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "LowTimeBankMinutes",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "NewVersionDelayMonths",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "NoticeExtraMonths",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "NoticeKind",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "NoticeMonths",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "PatchDelayMonths",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "ReminderLeadDays",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "RenewalCount",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "RenewalPeriodMonths",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "RevisionFormula",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "RevisionIndex",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "SupportedMajorVersions",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "UnlimitedRenewals",
                table: "Contracts");

            migrationBuilder.DropColumn(
                name: "VatRate",
                table: "Contracts");
        }
    }
}
