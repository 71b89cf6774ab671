using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guichet.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaqCategories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProductDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: true),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(127)", maxLength: 127, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    StoredName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: true),
                    CategoryId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    SearchTitle = table.Column<string>(type: "text", nullable: false),
                    SearchBody = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            // French full-text search (docs/faq.md): unaccent (or, where the extension cannot be created, a
            // translate() of the common accented letters) wrapped as an immutable function, so that a stored
            // tsvector can use it; the French stemmer of PostgreSQL; a GIN index.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    CREATE EXTENSION IF NOT EXISTS unaccent;
                    EXECUTE $f$CREATE OR REPLACE FUNCTION faq_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                        AS $b$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $b$ $f$;
                EXCEPTION WHEN others THEN
                    EXECUTE $f$CREATE OR REPLACE FUNCTION faq_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                        AS $b$ SELECT translate(lower($1), 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ', 'aaaaaaceeeeiiiinooooouuuuyy') $b$ $f$;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "FaqArticles" ADD COLUMN "Search" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('french', faq_unaccent("Title")), 'A') || setweight(to_tsvector('french', faq_unaccent("Body")), 'B')) STORED;
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_FaqArticles_Search" ON "FaqArticles" USING GIN ("Search");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_FaqArticles_TitleSearch" ON "FaqArticles" USING GIN (to_tsvector('french', faq_unaccent("Title")));""");

            // Rows stay narrow, so that ranking thousands of matches reads few pages (docs/faq.md, measured 17.8 →
            // 5.3 ms on 10,000 articles): the tsvector is kept in the row (compressed, not moved to TOAST), and the
            // normalised columns, which only SQLite's index reads, are left empty here.
            migrationBuilder.Sql("""ALTER TABLE "FaqArticles" ALTER COLUMN "Search" SET STORAGE MAIN;""");
            migrationBuilder.Sql("""
                CREATE FUNCTION faq_articles_narrow() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."SearchTitle" := '';
                    NEW."SearchBody" := '';
                    RETURN NEW;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "FaqArticles_Narrow" BEFORE INSERT OR UPDATE ON "FaqArticles"
                    FOR EACH ROW EXECUTE FUNCTION faq_articles_narrow();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "FaqArticles_Narrow" ON "FaqArticles";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS faq_articles_narrow();""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_FaqArticles_TitleSearch";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_FaqArticles_Search";""");
            migrationBuilder.Sql("""ALTER TABLE "FaqArticles" DROP COLUMN IF EXISTS "Search";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS faq_unaccent(text);""");

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
