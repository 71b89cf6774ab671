using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guichet.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PortalFaq : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FaqCategories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaqCategories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProductDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 127, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductDocuments_ProductVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ProductVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ProductDocuments_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReleaseNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReleaseNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReleaseNotes_ProductVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ProductVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FaqArticles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CategoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Published = table.Column<bool>(type: "INTEGER", nullable: false),
                    SearchTitle = table.Column<string>(type: "TEXT", nullable: false),
                    SearchBody = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaqArticles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FaqArticles_FaqCategories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "FaqCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FaqArticles_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FaqArticles_CategoryId",
                table: "FaqArticles",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_FaqArticles_ProductId_CategoryId",
                table: "FaqArticles",
                columns: new[] { "ProductId", "CategoryId" });

            migrationBuilder.CreateIndex(
                name: "IX_FaqArticles_UpdatedAt",
                table: "FaqArticles",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_FaqCategories_Name",
                table: "FaqCategories",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductDocuments_ProductId_VersionId",
                table: "ProductDocuments",
                columns: new[] { "ProductId", "VersionId" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductDocuments_VersionId",
                table: "ProductDocuments",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReleaseNotes_VersionId",
                table: "ReleaseNotes",
                column: "VersionId",
                unique: true);

            // French full-text search (docs/faq.md): an FTS5 index over the normalised columns, kept by triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "FaqSearch" USING fts5("SearchTitle", "SearchBody", content='FaqArticles', content_rowid='Id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
                """);
            // The rank column orders by bm25 with the title weighing ten times the body.
            migrationBuilder.Sql("""INSERT INTO "FaqSearch"("FaqSearch", rank) VALUES ('rank', 'bm25(10.0, 1.0)');""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "FaqArticles_SearchInsert" AFTER INSERT ON "FaqArticles" BEGIN
                    INSERT INTO "FaqSearch"(rowid, "SearchTitle", "SearchBody") VALUES (new."Id", new."SearchTitle", new."SearchBody");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "FaqArticles_SearchDelete" AFTER DELETE ON "FaqArticles" BEGIN
                    INSERT INTO "FaqSearch"("FaqSearch", rowid, "SearchTitle", "SearchBody") VALUES ('delete', old."Id", old."SearchTitle", old."SearchBody");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "FaqArticles_SearchUpdate" AFTER UPDATE OF "SearchTitle", "SearchBody" ON "FaqArticles" BEGIN
                    INSERT INTO "FaqSearch"("FaqSearch", rowid, "SearchTitle", "SearchBody") VALUES ('delete', old."Id", old."SearchTitle", old."SearchBody");
                    INSERT INTO "FaqSearch"(rowid, "SearchTitle", "SearchBody") VALUES (new."Id", new."SearchTitle", new."SearchBody");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "FaqArticles_SearchUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "FaqArticles_SearchDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "FaqArticles_SearchInsert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "FaqSearch";""");

            migrationBuilder.DropTable(
                name: "FaqArticles");

            migrationBuilder.DropTable(
                name: "ProductDocuments");

            migrationBuilder.DropTable(
                name: "ReleaseNotes");

            migrationBuilder.DropTable(
                name: "FaqCategories");
        }
    }
}
