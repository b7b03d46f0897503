using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reliability.Server.Data.Migrations.Sqlite
{
    /// <summary>
    /// A trigram full-text index over Sources.SearchText (SQLite FTS5), so <c>GET /api/sources?search=</c> finds substrings of
    /// three characters or more without scanning every source. It is an external-content index kept in step by triggers;
    /// it is not part of the EF model. A later migration that rebuilds the Sources table drops these triggers with it and
    /// must create them again.
    /// </summary>
    public partial class SourceSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "SourcesSearch" USING fts5("SearchText", content='Sources', content_rowid='Id', tokenize='trigram');""");
            migrationBuilder.Sql("""INSERT INTO "SourcesSearch"(rowid, "SearchText") SELECT "Id", "SearchText" FROM "Sources";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "Sources_SearchInsert" AFTER INSERT ON "Sources" BEGIN
                    INSERT INTO "SourcesSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Sources_SearchDelete" AFTER DELETE ON "Sources" BEGIN
                    INSERT INTO "SourcesSearch"("SourcesSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Sources_SearchUpdate" AFTER UPDATE OF "SearchText" ON "Sources" BEGIN
                    INSERT INTO "SourcesSearch"("SourcesSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                    INSERT INTO "SourcesSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Sources_SearchUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "Sources_SearchDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Sources_SearchInsert";""");
            migrationBuilder.Sql("""DROP TABLE "SourcesSearch";""");
        }
    }
}
