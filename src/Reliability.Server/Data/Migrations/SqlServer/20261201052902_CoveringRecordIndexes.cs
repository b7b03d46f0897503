using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reliability.Server.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CoveringRecordIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Verdicts_ClaimId_Id",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Claims_SourceId_MadeAt",
                table: "Claims");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_ClaimId_Id_Outcome",
                table: "Verdicts",
                columns: new[] { "ClaimId", "Id", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_SourceId_MadeAt_StatedConfidence_RepeatsClaimId",
                table: "Claims",
                columns: new[] { "SourceId", "MadeAt", "StatedConfidence", "RepeatsClaimId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Verdicts_ClaimId_Id_Outcome",
                table: "Verdicts");

            migrationBuilder.DropIndex(
                name: "IX_Claims_SourceId_MadeAt_StatedConfidence_RepeatsClaimId",
                table: "Claims");

            migrationBuilder.CreateIndex(
                name: "IX_Verdicts_ClaimId_Id",
                table: "Verdicts",
                columns: new[] { "ClaimId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Claims_SourceId_MadeAt",
                table: "Claims",
                columns: new[] { "SourceId", "MadeAt" });
        }
    }
}
