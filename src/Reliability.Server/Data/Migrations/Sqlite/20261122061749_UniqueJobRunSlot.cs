using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reliability.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UniqueJobRunSlot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_Job_ScheduledFor",
                table: "JobRuns",
                columns: new[] { "Job", "ScheduledFor" },
                unique: true,
                filter: "[ScheduledFor] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_JobRuns_Job_ScheduledFor",
                table: "JobRuns");
        }
    }
}
