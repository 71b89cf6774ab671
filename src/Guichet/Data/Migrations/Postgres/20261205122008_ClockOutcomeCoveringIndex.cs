using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guichet.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClockOutcomeCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ClockOutcomes_ContractId_ClockId_Start",
                table: "ClockOutcomes");

            migrationBuilder.CreateIndex(
                name: "IX_ClockOutcomes_ContractId_ClockId_Start_Result_Due",
                table: "ClockOutcomes",
                columns: new[] { "ContractId", "ClockId", "Start", "Result", "Due" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ClockOutcomes_ContractId_ClockId_Start_Result_Due",
                table: "ClockOutcomes");

            migrationBuilder.CreateIndex(
                name: "IX_ClockOutcomes_ContractId_ClockId_Start",
                table: "ClockOutcomes",
                columns: new[] { "ContractId", "ClockId", "Start" });
        }
    }
}
