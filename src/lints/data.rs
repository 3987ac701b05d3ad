//! The action lists and escalation paths the lints rely on, each with its source.

/// Actions whose response carries credentials, a key, a password or a token that logs in, or
/// that install one (`ec2-instance-connect:SendSSHPublicKey`). Sources: Kinnaird McQuade's
/// credentials-exposure list (gist 33860a617e651104d243c324ddf7992a, used by cloudsplaining and
/// policy_sentry) and the `CredentialExposure` list of primeharbor/sensitive_iam_actions (the
/// list behind iam-dataset's `credentials_exposure` flag); each entry names an API whose AWS
/// reference documents a secret in its response. Left out, with the reason in docs/lints.md:
/// `waf:GetChangeToken` and `waf-regional:GetChangeToken` (a concurrency token),
/// `lightsail:GetKeyPair(s)` and `connect:ListSecurityKeys` (public keys),
/// `athena:GetSession`, `gamelift:GetGameSessionLogUrl` and
/// `cognito-idp:GetUserAttributeVerificationCode` (no secret in the response),
/// `iot:AssumeRoleWithCertificate` and `sso:GetRoleCredentials` (not IAM actions a policy can
/// name), and the console-only `chatbot`, `chime` and `sso-directory` token actions.
pub const CREDENTIALS_EXPOSURE: &[&str] = &[
    "appsync:ListApiKeys",
    "cloud9:CreateEnvironmentToken",
    "codeartifact:GetAuthorizationToken",
    "codepipeline:PollForJobs",
    "cognito-idp:AssociateSoftwareToken",
    "cognito-idp:DescribeUserPoolClient",
    "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
    "cognito-identity:GetCredentialsForIdentity",
    "connect:GetFederationToken",
    "ec2:GetPasswordData",
    "ec2-instance-connect:SendSSHPublicKey",
    "ecr:GetAuthorizationToken",
    "ecr-public:GetAuthorizationToken",
    "gamelift:GetComputeAuthToken",
    "gamelift:GetInstanceAccess",
    "gamelift:RequestUploadCredentials",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:ResetServiceSpecificCredential",
    "iam:UpdateAccessKey",
    "lightsail:DownloadDefaultKeyPair",
    "lightsail:GetBucketAccessKeys",
    "lightsail:GetInstanceAccessDetails",
    "lightsail:GetRelationalDatabaseMasterUserPassword",
    "mediapackage:RotateChannelCredentials",
    "mediapackage:RotateIngestEndpointCredentials",
    "rds-db:connect",
    "redshift:GetClusterCredentials",
    "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials",
    "snowball:GetJobUnlockCode",
    "storagegateway:DescribeChapCredentials",
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken",
    "sts:GetSessionToken",
];

/// Data-plane reads that hand the data itself (objects, items, records, messages, log events,
/// secrets, code) out of a service when granted on every resource. Sources: cloudsplaining's
/// `READ_ONLY_DATA_EXFILTRATION_ACTIONS` and the RDS snapshot actions its "Data Exfiltration"
/// definition names, extended with the data-plane reads of primeharbor/sensitive_iam_actions'
/// `DataAccess` list (the list behind iam-dataset's `data_access` flag). Left out, with the reason
/// in docs/lints.md: reads of metadata and directories (`cloudtrail:LookupEvents`,
/// `chime:ListUsers`, `cognito-idp:ListUsers`, `codebuild:BatchGetReports`, ...), container image
/// pulls (`ecr:GetDownloadUrlForLayer`, granted on `*` by AWS's own task execution policy) and
/// writes (`es:ESHttpPut`, ...).
pub const DATA_EXFILTRATION: &[&str] = &[
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3-object-lambda:GetObject",
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:GetParameterHistory",
    "secretsmanager:GetSecretValue",
    "rds:CopyDBSnapshot",
    "rds:CreateDBSnapshot",
    "rds:DownloadDBLogFilePortion",
    "rds:DownloadCompleteDBLogFile",
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:GetRecords",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dax:BatchGetItem",
    "dax:GetItem",
    "dax:Query",
    "dax:Scan",
    "cassandra:Select",
    "sdb:Select",
    "kinesis:GetRecords",
    "kinesisvideo:GetMedia",
    "sqs:ReceiveMessage",
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:GetLogRecord",
    "logs:GetQueryResults",
    "logs:Unmask",
    "athena:GetQueryResults",
    "athena:GetQueryResultsStream",
    "codecommit:GetBlob",
    "codecommit:GetFile",
    "codecommit:GitPull",
    "lambda:GetFunction",
    "es:ESHttpGet",
    "mediastore:GetObject",
    "healthlake:ReadResource",
];

/// A published privilege-escalation path: holding every action lets a principal gain more.
pub struct Path {
    pub name: &'static str,
    pub actions: &'static [&'static str],
    pub source: &'static str,
}

const RHINO: &str =
    "Rhino Security Labs, \"AWS Privilege Escalation: Methods and Mitigation\" (Gietzen, 2018)";
const PATHFINDING: &str = "pathfinding.cloud (Datadog)";

const fn path(name: &'static str, actions: &'static [&'static str], source: &'static str) -> Path {
    Path {
        name,
        actions,
        source,
    }
}

/// The published paths (Rhino's 21 methods, extended by pathfinding.cloud as cloudsplaining
/// collects them).
pub const ESCALATION: &[Path] = &[
    path(
        "create an access key for another user",
        &["iam:CreateAccessKey"],
        RHINO,
    ),
    path(
        "create a console login for another user",
        &["iam:CreateLoginProfile"],
        RHINO,
    ),
    path(
        "change another user's console password",
        &["iam:UpdateLoginProfile"],
        RHINO,
    ),
    path(
        "add oneself to a more privileged group",
        &["iam:AddUserToGroup"],
        RHINO,
    ),
    path(
        "create a new version of an attached policy",
        &["iam:CreatePolicyVersion"],
        RHINO,
    ),
    path(
        "switch an attached policy to an older version",
        &["iam:SetDefaultPolicyVersion"],
        RHINO,
    ),
    path(
        "attach any managed policy to a user",
        &["iam:AttachUserPolicy"],
        RHINO,
    ),
    path(
        "attach any managed policy to a group",
        &["iam:AttachGroupPolicy"],
        RHINO,
    ),
    path(
        "attach any managed policy to a role",
        &["iam:AttachRolePolicy"],
        RHINO,
    ),
    path(
        "write an inline policy on a user",
        &["iam:PutUserPolicy"],
        RHINO,
    ),
    path(
        "write an inline policy on a group",
        &["iam:PutGroupPolicy"],
        RHINO,
    ),
    path(
        "write an inline policy on a role",
        &["iam:PutRolePolicy"],
        RHINO,
    ),
    path(
        "rewrite a role's trust policy to assume it",
        &["iam:UpdateAssumeRolePolicy"],
        RHINO,
    ),
    path(
        "pass a role to a new EC2 instance",
        &["iam:PassRole", "ec2:RunInstances"],
        RHINO,
    ),
    path(
        "pass a role to a new Lambda function and invoke it",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        RHINO,
    ),
    path(
        "pass a role to a new Lambda function triggered by DynamoDB",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        RHINO,
    ),
    path(
        "pass a role to a new Glue development endpoint",
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        RHINO,
    ),
    path(
        "pass a role to a new CloudFormation stack",
        &["iam:PassRole", "cloudformation:CreateStack"],
        RHINO,
    ),
    path(
        "pass a role to a new Data Pipeline",
        &["iam:PassRole", "datapipeline:CreatePipeline"],
        RHINO,
    ),
    path(
        "update an existing Glue development endpoint",
        &["glue:UpdateDevEndpoint"],
        RHINO,
    ),
    path(
        "replace the code of a Lambda function that has a role",
        &["lambda:UpdateFunctionCode"],
        RHINO,
    ),
    path(
        "execute a CloudFormation change set",
        &[
            "cloudformation:CreateChangeSet",
            "cloudformation:ExecuteChangeSet",
        ],
        PATHFINDING,
    ),
    path(
        "change an EC2 instance's user data and restart it",
        &[
            "ec2:ModifyInstanceAttribute",
            "ec2:StopInstances",
            "ec2:StartInstances",
        ],
        PATHFINDING,
    ),
    path(
        "change an EC2 launch template",
        &[
            "ec2:CreateLaunchTemplateVersion",
            "ec2:ModifyLaunchTemplate",
        ],
        PATHFINDING,
    ),
    path(
        "run commands in a running ECS task",
        &["ecs:ExecuteCommand", "ecs:DescribeTasks"],
        PATHFINDING,
    ),
    path(
        "open a SageMaker notebook with its role",
        &["sagemaker:CreatePresignedNotebookInstanceUrl"],
        PATHFINDING,
    ),
    path(
        "pass a role to a new App Runner service",
        &["iam:PassRole", "apprunner:CreateService"],
        PATHFINDING,
    ),
    path(
        "pass a role to a new CodeBuild project and build",
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        PATHFINDING,
    ),
    path(
        "pass a role to a new ECS task",
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        PATHFINDING,
    ),
    path(
        "pass a role to a new ECS service",
        &[
            "iam:PassRole",
            "ecs:RegisterTaskDefinition",
            "ecs:CreateService",
        ],
        PATHFINDING,
    ),
    path(
        "pass a role to a new Glue job and run it",
        &["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"],
        PATHFINDING,
    ),
    path(
        "pass a role to a new SageMaker notebook instance",
        &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
        PATHFINDING,
    ),
    path(
        "pass a role to a new SageMaker training job",
        &["iam:PassRole", "sagemaker:CreateTrainingJob"],
        PATHFINDING,
    ),
    path(
        "pass a role to a new EC2 spot instance",
        &["iam:PassRole", "ec2:RequestSpotInstances"],
        PATHFINDING,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ActionLookup, catalog};

    #[test]
    fn every_listed_action_exists() {
        let all = CREDENTIALS_EXPOSURE
            .iter()
            .chain(DATA_EXFILTRATION)
            .chain(ESCALATION.iter().flat_map(|p| p.actions));
        for a in all {
            assert!(
                matches!(catalog().lookup_action(a), ActionLookup::Found(_)),
                "{a}"
            );
        }
        assert!(ESCALATION.len() >= 25);
    }
}
