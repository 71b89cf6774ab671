using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guichet.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClockOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PolicyVersion",
                table: "Tickets",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "PolicyVersion",
                table: "Contracts",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "ClockOutcomes",
                columns: table => new
                {
                    TicketId = table.Column<long>(type: "bigint", nullable: false),
                    ClockId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Priority = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Stop = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Due = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CountedSeconds = table.Column<long>(type: "bigint", nullable: false),
                    Result = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PolicyVersion = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClockOutcomes", x => new { x.TicketId, x.ClockId });
                    table.ForeignKey(
                        name: "FK_ClockOutcomes_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ClockOutcomes_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ContractPolicyVersions",
                columns: table => new
                {
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    PresetId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Policy = table.Column<string>(type: "text", nullable: true),
                    From = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContractPolicyVersions", x => new { x.ContractId, x.Number });
                    table.ForeignKey(
                        name: "FK_ContractPolicyVersions_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ContractPolicyVersions_Contracts_ContractId",
                        column: x => x.ContractId,
                        principalTable: "Contracts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClockOutcomes_ContractId_ClockId_Start",
                table: "ClockOutcomes",
                columns: new[] { "ContractId", "ClockId", "Start" });

            migrationBuilder.CreateIndex(
                name: "IX_ContractPolicyVersions_AuthorId",
                table: "ContractPolicyVersions",
                column: "AuthorId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClockOutcomes");

            migrationBuilder.DropTable(
                name: "ContractPolicyVersions");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "Contracts");
        }
    }
}
