IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] nvarchar(450) NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] nvarchar(450) NOT NULL,
        [Role] nvarchar(16) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetimeoffset NOT NULL,
        [Actor] nvarchar(200) NOT NULL,
        [Action] nvarchar(64) NOT NULL,
        [EntityType] nvarchar(64) NOT NULL,
        [EntityId] nvarchar(64) NULL,
        [Before] nvarchar(max) NULL,
        [After] nvarchar(max) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [Sources] (
        [Id] int NOT NULL IDENTITY,
        [Name] nvarchar(200) NOT NULL,
        [Kind] nvarchar(16) NOT NULL,
        [Aliases] nvarchar(max) NOT NULL,
        [Url] nvarchar(2048) NULL,
        [Description] nvarchar(4000) NULL,
        [SearchText] nvarchar(4000) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Sources] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [ApiTokens] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [Hash] nvarchar(64) NOT NULL,
        [Prefix] nvarchar(16) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [RevokedAt] datetimeoffset NULL,
        [LastUsedAt] datetimeoffset NULL,
        CONSTRAINT [PK_ApiTokens] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ApiTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] nvarchar(450) NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(450) NOT NULL,
        [ProviderKey] nvarchar(450) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] nvarchar(450) NOT NULL,
        [RoleId] nvarchar(450) NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] nvarchar(450) NOT NULL,
        [LoginProvider] nvarchar(450) NOT NULL,
        [Name] nvarchar(450) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [Claims] (
        [Id] int NOT NULL IDENTITY,
        [SourceId] int NOT NULL,
        [Text] nvarchar(4000) NOT NULL,
        [MadeAt] date NOT NULL,
        [Url] nvarchar(2048) NULL,
        [Citation] nvarchar(1000) NULL,
        [StatedConfidence] float NULL,
        [ConfidencePhrase] nvarchar(64) NULL,
        [RepeatsClaimId] int NULL,
        [Tags] nvarchar(max) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [VerdictVersion] int NOT NULL,
        CONSTRAINT [PK_Claims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Claims_Claims_RepeatsClaimId] FOREIGN KEY ([RepeatsClaimId]) REFERENCES [Claims] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Claims_Sources_SourceId] FOREIGN KEY ([SourceId]) REFERENCES [Sources] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [ScoreVersions] (
        [Id] bigint NOT NULL IDENTITY,
        [SourceId] int NOT NULL,
        [Version] int NOT NULL,
        [Reliability] float NOT NULL,
        [Lower] float NOT NULL,
        [Upper] float NOT NULL,
        [Grade] nvarchar(1) NOT NULL,
        [Alpha] float NOT NULL,
        [Beta] float NOT NULL,
        [ResolvedWeight] float NOT NULL,
        [Confirmed] int NOT NULL,
        [Refuted] int NOT NULL,
        [PartlyTrue] int NOT NULL,
        [Retracted] int NOT NULL,
        [Unverifiable] int NOT NULL,
        [Open] int NOT NULL,
        [Brier] float NULL,
        [CalibratedClaims] int NOT NULL,
        [Overconfident] bit NOT NULL,
        [ComputedAt] datetimeoffset NOT NULL,
        [Cause] nvarchar(64) NOT NULL,
        [CauseVerdictIds] nvarchar(max) NOT NULL,
        [Delta] float NOT NULL,
        CONSTRAINT [PK_ScoreVersions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ScoreVersions_Sources_SourceId] FOREIGN KEY ([SourceId]) REFERENCES [Sources] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE TABLE [Verdicts] (
        [Id] int NOT NULL IDENTITY,
        [ClaimId] int NOT NULL,
        [Outcome] nvarchar(16) NOT NULL,
        [EvidenceUrls] nvarchar(max) NOT NULL,
        [Note] nvarchar(4000) NULL,
        [RecordedBy] nvarchar(200) NOT NULL,
        [RecordedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Verdicts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Verdicts_Claims_ClaimId] FOREIGN KEY ([ClaimId]) REFERENCES [Claims] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ApiTokens_Hash] ON [ApiTokens] ([Hash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_ApiTokens_UserId] ON [ApiTokens] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_EntityType_EntityId] ON [AuditEntries] ([EntityType], [EntityId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_Claims_RepeatsClaimId] ON [Claims] ([RepeatsClaimId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_Claims_SourceId_MadeAt] ON [Claims] ([SourceId], [MadeAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ScoreVersions_SourceId_Version] ON [ScoreVersions] ([SourceId], [Version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_Sources_Kind] ON [Sources] ([Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Sources_Name] ON [Sources] ([Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    CREATE INDEX [IX_Verdicts_ClaimId_Id] ON [Verdicts] ([ClaimId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122051117_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261122051117_Initial', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122054249_RecomputeQueue'
)
BEGIN
    CREATE TABLE [JobRuns] (
        [Id] bigint NOT NULL IDENTITY,
        [Job] nvarchar(64) NOT NULL,
        [Instance] nvarchar(200) NOT NULL,
        [ScheduledFor] datetimeoffset NULL,
        [StartedAt] datetimeoffset NOT NULL,
        [DurationMs] float NOT NULL,
        [Requests] int NOT NULL,
        [SourcesRecomputed] int NOT NULL,
        [VersionsStored] int NOT NULL,
        [Failures] int NOT NULL,
        [Error] nvarchar(4000) NULL,
        CONSTRAINT [PK_JobRuns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122054249_RecomputeQueue'
)
BEGIN
    CREATE TABLE [RecomputeRequests] (
        [Id] bigint NOT NULL IDENTITY,
        [SourceId] int NOT NULL,
        [Cause] nvarchar(64) NOT NULL,
        [VerdictIds] nvarchar(max) NOT NULL,
        [RequestedAt] datetimeoffset NOT NULL,
        [Attempts] int NOT NULL,
        [NextAttemptAt] datetimeoffset NOT NULL,
        [LastError] nvarchar(4000) NULL,
        [FailedAt] datetimeoffset NULL,
        [ClaimedBy] nvarchar(200) NULL,
        [ClaimedUntil] datetimeoffset NULL,
        CONSTRAINT [PK_RecomputeRequests] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122054249_RecomputeQueue'
)
BEGIN
    CREATE INDEX [IX_JobRuns_Job_Id] ON [JobRuns] ([Job], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122054249_RecomputeQueue'
)
BEGIN
    CREATE INDEX [IX_RecomputeRequests_FailedAt_NextAttemptAt] ON [RecomputeRequests] ([FailedAt], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122054249_RecomputeQueue'
)
BEGIN
    CREATE INDEX [IX_RecomputeRequests_SourceId] ON [RecomputeRequests] ([SourceId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122054249_RecomputeQueue'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261122054249_RecomputeQueue', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122061812_UniqueJobRunSlot'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_JobRuns_Job_ScheduledFor] ON [JobRuns] ([Job], [ScheduledFor]) WHERE [ScheduledFor] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122061812_UniqueJobRunSlot'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261122061812_UniqueJobRunSlot', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122221038_BoardChangeFeed'
)
BEGIN
    CREATE TABLE [BoardChanges] (
        [Sequence] bigint NOT NULL IDENTITY,
        [Kind] nvarchar(32) NOT NULL,
        [SourceId] int NOT NULL,
        [VerdictId] int NULL,
        [At] datetimeoffset NOT NULL,
        [Payload] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_BoardChanges] PRIMARY KEY ([Sequence])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122221038_BoardChangeFeed'
)
BEGIN
    CREATE INDEX [IX_BoardChanges_Kind_Sequence] ON [BoardChanges] ([Kind], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122221038_BoardChangeFeed'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_BoardChanges_VerdictId] ON [BoardChanges] ([VerdictId]) WHERE [VerdictId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261122221038_BoardChangeFeed'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261122221038_BoardChangeFeed', N'10.0.14');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123035256_DataProtectionKeys'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(max) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

COMMIT;
GO

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123035256_DataProtectionKeys'
)
BEGIN
    IF EXISTS (SELECT 1 FROM sys.databases WHERE name = DB_NAME() AND is_read_committed_snapshot_on = 0)
        EXEC(N'ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON WITH ROLLBACK IMMEDIATE');
END;
GO

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261123035256_DataProtectionKeys'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261123035256_DataProtectionKeys', N'10.0.14');
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201052902_CoveringRecordIndexes'
)
BEGIN
    DROP INDEX [IX_Verdicts_ClaimId_Id] ON [Verdicts];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201052902_CoveringRecordIndexes'
)
BEGIN
    DROP INDEX [IX_Claims_SourceId_MadeAt] ON [Claims];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201052902_CoveringRecordIndexes'
)
BEGIN
    CREATE INDEX [IX_Verdicts_ClaimId_Id_Outcome] ON [Verdicts] ([ClaimId], [Id], [Outcome]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201052902_CoveringRecordIndexes'
)
BEGIN
    CREATE INDEX [IX_Claims_SourceId_MadeAt_StatedConfidence_RepeatsClaimId] ON [Claims] ([SourceId], [MadeAt], [StatedConfidence], [RepeatsClaimId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261201052902_CoveringRecordIndexes'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261201052902_CoveringRecordIndexes', N'10.0.14');
END;

COMMIT;
GO

