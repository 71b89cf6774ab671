using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guichet.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TicketDeskIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_OwnerId",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_IsClosed_State",
                table: "Tickets",
                columns: new[] { "IsClosed", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_OwnerId_IsClosed_NextDueAt",
                table: "Tickets",
                columns: new[] { "OwnerId", "IsClosed", "NextDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_IsClosed_State",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_OwnerId_IsClosed_NextDueAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_OwnerId",
                table: "Tickets",
                column: "OwnerId");
        }
    }
}
