//! AWS, lint data: the action lists `credentials_exposure` and `data_exfiltration` rely
//! on, each with its source. Data only.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::catalog::{ActionLookup, catalog};

    #[test]
    fn every_listed_action_exists() {
        let all = CREDENTIALS_EXPOSURE.iter().chain(DATA_EXFILTRATION);
        for a in all {
            assert!(
                matches!(catalog().lookup_action(a), ActionLookup::Found(_)),
                "{a}"
            );
        }
    }
}
