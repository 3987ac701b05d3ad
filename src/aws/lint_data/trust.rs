//! AWS, lint data: the trust-policy facts `confused_deputy` and `cross_account_unconditioned`
//! read: which service principals send the source keys, and which condition keys answer each
//! lint. Data only.

/// Service principals whose AWS documentation shows `aws:SourceAccount`/`aws:SourceArn` in the
/// trust policy of the roles they assume ("cross-service confused deputy prevention" pages of
/// each service). Others (EC2, Lambda, API Gateway, Glue, Backup) do not send them when assuming
/// a role, so the lint stays silent for them rather than ask for a condition that can never match.
pub const SOURCE_AWARE: &[&str] = &[
    "ecs-tasks.amazonaws.com",
    "events.amazonaws.com",
    "scheduler.amazonaws.com",
    "states.amazonaws.com",
    "codebuild.amazonaws.com",
    "sagemaker.amazonaws.com",
    "config.amazonaws.com",
    "personalize.amazonaws.com",
    "appstream.amazonaws.com",
    "iot.amazonaws.com",
    "transfer.amazonaws.com",
    "datasync.amazonaws.com",
    "firehose.amazonaws.com",
    "bedrock.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "ssm.amazonaws.com",
];

/// Condition keys that tie a service principal's assumption to the source resource or account
/// (`confused_deputy`), lowercase.
pub const SOURCE_KEYS: &[&str] = &[
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];
/// Condition keys that narrow who in another account may assume a role
/// (`cross_account_unconditioned`), lowercase.
pub const CROSS_ACCOUNT_KEYS: &[&str] = &[
    "sts:externalid",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalarn",
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
];
