//! AWS, lint data: the published privilege-escalation paths `privilege_escalation` checks,
//! each with its sources. Data only.
//!
//! The union of three published sets, read (not copied: names and wording are ours) from:
//! - cloudsplaining's `PRIVILEGE_ESCALATION_METHODS` (salesforce/cloudsplaining, commit
//!   5012eab1f7429ef3702e8f8379ed0a207ba77804, `cloudsplaining/shared/constants.py`; BSD-3-Clause):
//!   59 methods, the 21 of Rhino Security Labs' "AWS Privilege Escalation: Methods and
//!   Mitigation" (Gietzen, 2018) and 38 from pathfinding.cloud;
//! - pathfinding.cloud (DataDog/pathfinding.cloud, commit
//!   84dd65c97fc21dee54f4587be6dfd5b7b5fe320c, `data/paths/*/*.yaml`, the `required`
//!   permissions of each path; Apache-2.0): 65 paths;
//! - prowler's `privilege_escalation_policies_combination` (prowler-cloud/prowler, commit
//!   a19fd70001daeee1f4698b94c21e576b2e4a0ea8, `prowler/providers/aws/services/iam/lib/
//!   privilege_escalation.py`; Apache-2.0): 101 combinations, among them the Bedrock AgentCore
//!   runtime, harness and browser paths and newer pathfinding.cloud paths (Batch, Braket,
//!   CodeDeploy, Cognito, EMR, GameLift, Image Builder, HealthOmics, Scheduler, Step Functions,
//!   IAM Identity Center, permissions boundary removal).
//!
//! Entries with the same set of actions are one path listing every source. prowler's
//! `OverPermissiveIAM` (`iam:*`) and `IAMPut` (`iam:Put*`) are no paths of their own: a grant of
//! either holds `iam:PutRolePolicy` (pathfinding.cloud iam-005), which is. 103 paths.

/// A published privilege-escalation path: holding every action lets a principal gain more.
pub struct Path {
    pub name: &'static str,
    pub actions: &'static [&'static str],
    /// Where it is published: the source and its id or key there.
    pub source: &'static str,
}

const fn path(name: &'static str, actions: &'static [&'static str], source: &'static str) -> Path {
    Path {
        name,
        actions,
        source,
    }
}

/// Actions whose effect a resource type decides besides their target: Run Command and Session
/// Manager run what their SSM document says, on the instances they are granted. For these, a path
/// holds the action only when every group of types here is covered on every resource (in any
/// allow the principal has, with no condition that narrows it): one type of each group. The
/// sources recommend exactly this scoping ("limit which instances ... and which documents they
/// can use", pathfinding.cloud ssm-001, ssm-002).
pub struct Decided {
    pub action: &'static str,
    pub types: &'static [&'static [&'static str]],
}

pub const DECIDED: &[Decided] = &[
    Decided {
        action: "ssm:SendCommand",
        types: &[&["document"], &["instance", "managed-instance"]],
    },
    Decided {
        action: "ssm:StartSession",
        types: &[&["document"], &["instance", "managed-instance"]],
    },
];

/// AWS-owned SSM documents that run whatever command or script the caller passes, so granting one
/// grants what every document does (AWS Systems Manager documentation of each document):
/// `AWS-RunShellScript` (the exploit of pathfinding.cloud ssm-002), `AWS-RunPowerShellScript`,
/// `AWS-RunRemoteScript` (a script from S3 or GitHub), `AWS-RunDocument` (any document from S3,
/// GitHub or Systems Manager), and for Session Manager `SSM-SessionManagerRunShell` (the default
/// shell session) and `AWS-StartInteractiveCommand` (a session running a given command).
pub const ANY_COMMAND_DOCUMENTS: &[&str] = &[
    "AWS-RunShellScript",
    "AWS-RunPowerShellScript",
    "AWS-RunRemoteScript",
    "AWS-RunDocument",
    "SSM-SessionManagerRunShell",
    "AWS-StartInteractiveCommand",
];

/// The paths, Rhino's first (the order decides which path a warning names).
#[rustfmt::skip]
pub const ESCALATION: &[Path] = &[
    path("create an access key for another user", &["iam:CreateAccessKey"], "Rhino Security Labs; pathfinding.cloud iam-002; cloudsplaining `CreateAccessKey`; prowler `iam:CreateAccessKey`"),
    path("create a console login for another user", &["iam:CreateLoginProfile"], "Rhino Security Labs; pathfinding.cloud iam-004; cloudsplaining `CreateLoginProfile`; prowler `iam:CreateLoginProfile`"),
    path("change another user's console password", &["iam:UpdateLoginProfile"], "Rhino Security Labs; pathfinding.cloud iam-006; cloudsplaining `UpdateLoginProfile`; prowler `iam:UpdateLoginProfile`"),
    path("add oneself to a more privileged group", &["iam:AddUserToGroup"], "Rhino Security Labs; pathfinding.cloud iam-013; cloudsplaining `AddUserToGroup`; prowler `iam:AddUserToGroup`"),
    path("create a new version of an attached policy", &["iam:CreatePolicyVersion"], "Rhino Security Labs; pathfinding.cloud iam-001; cloudsplaining `CreateNewPolicyVersion`; prowler `CreatePolicyVersion`"),
    path("switch an attached policy to an older version", &["iam:SetDefaultPolicyVersion"], "Rhino Security Labs; cloudsplaining `SetExistingDefaultPolicyVersion`; prowler `SetDefaultPolicyVersion`"),
    path("attach any managed policy to a user", &["iam:AttachUserPolicy"], "Rhino Security Labs; pathfinding.cloud iam-008; cloudsplaining `AttachUserPolicy`; prowler `iam:AttachUserPolicy`"),
    path("attach any managed policy to a group", &["iam:AttachGroupPolicy"], "Rhino Security Labs; pathfinding.cloud iam-010; cloudsplaining `AttachGroupPolicy`; prowler `iam:AttachGroupPolicy`"),
    path("attach any managed policy to a role", &["iam:AttachRolePolicy"], "Rhino Security Labs; pathfinding.cloud iam-009; cloudsplaining `AttachRolePolicy`; prowler `iam:AttachRolePolicy`"),
    path("write an inline policy on a user", &["iam:PutUserPolicy"], "Rhino Security Labs; pathfinding.cloud iam-007; cloudsplaining `PutUserPolicy`; prowler `iam:PutUserPolicy`"),
    path("write an inline policy on a group", &["iam:PutGroupPolicy"], "Rhino Security Labs; pathfinding.cloud iam-011; cloudsplaining `PutGroupPolicy`; prowler `iam:PutGroupPolicy`"),
    path("write an inline policy on a role", &["iam:PutRolePolicy"], "Rhino Security Labs; pathfinding.cloud iam-005; cloudsplaining `PutRolePolicy`; prowler `iam:PutRolePolicy`"),
    path("rewrite a role's trust policy to assume it", &["iam:UpdateAssumeRolePolicy"], "Rhino Security Labs; pathfinding.cloud iam-012; cloudsplaining `UpdateRolePolicyToAssumeIt`; prowler `iam:UpdateAssumeRolePolicy`"),
    path("pass a role to a new EC2 instance", &["iam:PassRole", "ec2:RunInstances"], "Rhino Security Labs; pathfinding.cloud ec2-001; cloudsplaining `CreateEC2WithExistingIP`; prowler `PassRole+EC2`"),
    path("pass a role to a new Lambda function and invoke it", &["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Rhino Security Labs; pathfinding.cloud lambda-001; cloudsplaining `PassExistingRoleToNewLambdaThenInvoke`; prowler `PassRole+CreateLambda+Invoke`"),
    path("pass a role to a new Lambda function triggered by an event source", &["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"], "Rhino Security Labs; pathfinding.cloud lambda-002; cloudsplaining `PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo`; prowler `PassRole+CreateLambda+ExistingDynamo`"),
    path("pass a role to a new Glue development endpoint", &["iam:PassRole", "glue:CreateDevEndpoint"], "Rhino Security Labs; pathfinding.cloud glue-001; cloudsplaining `PassExistingRoleToNewGlueDevEndpoint`; prowler `PassRole+GlueCreateDevEndpoint`"),
    path("pass a role to a new CloudFormation stack", &["iam:PassRole", "cloudformation:CreateStack"], "Rhino Security Labs; pathfinding.cloud cloudformation-001; cloudsplaining `PassExistingRoleToCloudFormation`; prowler `PassRole+CloudFormationCreateStack`"),
    path("pass a role to a new Data Pipeline", &["iam:PassRole", "datapipeline:CreatePipeline"], "Rhino Security Labs; cloudsplaining `PassExistingRoleToNewDataPipeline`"),
    path("update an existing Glue development endpoint", &["glue:UpdateDevEndpoint"], "Rhino Security Labs; pathfinding.cloud glue-002; cloudsplaining `UpdateExistingGlueDevEndpoint`; prowler `GlueUpdateDevEndpoint`"),
    path("replace the code of a Lambda function that has a role", &["lambda:UpdateFunctionCode"], "Rhino Security Labs; pathfinding.cloud lambda-003; cloudsplaining `EditExistingLambdaFunctionWithRole`; prowler `lambda:UpdateFunctionCode`"),
    path("execute a CloudFormation change set", &["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"], "pathfinding.cloud cloudformation-005; cloudsplaining `ExecuteCloudFormationChangeSet`; prowler `CloudFormationChangeSet`"),
    path("change an EC2 instance's user data and restart it", &["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"], "pathfinding.cloud ec2-002; cloudsplaining `ModifyEC2InstanceUserDataThenRestart`; prowler `EC2ModifyInstanceAttribute`"),
    path("change an EC2 launch template", &["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"], "pathfinding.cloud ec2-004; cloudsplaining `ModifyExistingEC2LaunchTemplate`; prowler `EC2ModifyLaunchTemplate`"),
    path("run commands in a running ECS task", &["ecs:ExecuteCommand", "ecs:DescribeTasks"], "cloudsplaining `ECSExecuteCommandOnRunningTask`; prowler `ECS+ExecuteCommand`"),
    path("open a SageMaker notebook with its role", &["sagemaker:CreatePresignedNotebookInstanceUrl"], "pathfinding.cloud sagemaker-004; cloudsplaining `CreatePresignedSageMakerNotebookUrl`; prowler `SageMakerCreatePresignedNotebookInstanceUrl`"),
    path("pass a role to a new App Runner service", &["iam:PassRole", "apprunner:CreateService"], "pathfinding.cloud apprunner-001; cloudsplaining `PassExistingRoleToNewAppRunnerService`; prowler `PassRole+AppRunnerCreateService`"),
    path("pass a role to a new CodeBuild project and build", &["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"], "pathfinding.cloud codebuild-001; cloudsplaining `PassExistingRoleToNewCodeBuildProjectThenBuild`; prowler `PassRole+CodeBuildCreateProject+StartBuild`"),
    path("pass a role to a new ECS task", &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"], "pathfinding.cloud ecs-004; cloudsplaining `PassExistingRoleToNewECSTaskViaRunTask`; prowler `PassRole+ECS+RegisterTaskDef+RunTask`"),
    path("pass a role to a new ECS service", &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"], "pathfinding.cloud ecs-003; cloudsplaining `PassExistingRoleToNewECSService`; prowler `PassRole+ECS+RegisterTaskDef+CreateService`"),
    path("pass a role to a new Glue job and run it", &["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"], "pathfinding.cloud glue-003; cloudsplaining `PassExistingRoleToNewGlueJobThenRun`; prowler `PassRole+GlueCreateJob+StartJobRun`"),
    path("pass a role to a new SageMaker notebook instance", &["iam:PassRole", "sagemaker:CreateNotebookInstance"], "pathfinding.cloud sagemaker-001; cloudsplaining `PassExistingRoleToNewSageMakerNotebookInstance`; prowler `PassRole+SageMakerCreateNotebookInstance`"),
    path("pass a role to a new SageMaker training job", &["iam:PassRole", "sagemaker:CreateTrainingJob"], "pathfinding.cloud sagemaker-002; cloudsplaining `PassExistingRoleToNewSageMakerTrainingJob`; prowler `PassRole+SageMakerCreateTrainingJob`"),
    path("pass a role to a new EC2 spot instance", &["iam:PassRole", "ec2:RequestSpotInstances"], "pathfinding.cloud ec2-003; cloudsplaining `PassExistingRoleToNewEC2SpotInstance`; prowler `PassRole+EC2SpotInstances`"),
    path("update an App Runner service that has a role", &["apprunner:UpdateService"], "pathfinding.cloud apprunner-002; prowler `AppRunnerUpdateService`"),
    path("pass a role to a new Bedrock AgentCore code interpreter and run code in it", &["iam:PassRole", "bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], "pathfinding.cloud bedrock-001; cloudsplaining `PassExistingRoleToNewBedrockCodeInterpreter`; prowler `PassRole+AgentCoreCreateInterpreter+InvokeInterpreter`"),
    path("run code in an existing Bedrock AgentCore code interpreter", &["bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"], "pathfinding.cloud bedrock-002; cloudsplaining `AccessExistingBedrockCodeInterpreterSession`; prowler `AgentCoreSessionInvoke`"),
    path("update a CloudFormation stack that has a service role", &["cloudformation:UpdateStack"], "pathfinding.cloud cloudformation-002; prowler `CloudFormationUpdateStack`"),
    path("pass a role to a new CloudFormation StackSet", &["iam:PassRole", "cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"], "pathfinding.cloud cloudformation-003; cloudsplaining `PassExistingRoleToNewCloudFormationStackSet`; prowler `PassRole+CloudFormationCreateStackSet`"),
    path("pass a role to an updated CloudFormation StackSet", &["iam:PassRole", "cloudformation:UpdateStackSet"], "pathfinding.cloud cloudformation-004; cloudsplaining `PassRoleToUpdateCloudFormationStackSet`; prowler `PassRole+CloudFormationUpdateStackSet`"),
    path("start a build of a CodeBuild project that has a role", &["codebuild:StartBuild"], "pathfinding.cloud codebuild-002; prowler `CodeBuildStartBuild`"),
    path("start a batch build of a CodeBuild project that has a role", &["codebuild:StartBuildBatch"], "pathfinding.cloud codebuild-003; prowler `CodeBuildStartBuildBatch`"),
    path("pass a role to a new CodeBuild project and start a batch build", &["iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"], "pathfinding.cloud codebuild-004; cloudsplaining `PassExistingRoleToNewCodeBuildProjectThenBuildBatch`; prowler `PassRole+CodeBuildCreateProject+StartBuildBatch`"),
    path("pass a role to a new Data Pipeline and activate it", &["iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"], "pathfinding.cloud datapipeline-001; prowler `PassRole+DataPipeline`"),
    path("push an SSH key to an EC2 instance that has a role (EC2 Instance Connect)", &["ec2-instance-connect:SendSSHPublicKey", "ec2:DescribeInstances"], "pathfinding.cloud ec2instanceconnect-003; cloudsplaining `EC2InstanceConnectSendSSHPublicKey`; prowler `EC2InstanceConnect+SendSSHPublicKey`"),
    path("pass a role to a new ECS service in a new cluster", &["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:CreateService"], "pathfinding.cloud ecs-001; cloudsplaining `PassExistingRoleToNewECSClusterServiceTask`"),
    path("pass a role to a new ECS task in a new cluster", &["iam:PassRole", "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:RunTask"], "pathfinding.cloud ecs-002; cloudsplaining `PassExistingRoleToNewECSClusterRunTask`"),
    path("pass a role to a new ECS task started on a container instance", &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:StartTask"], "pathfinding.cloud ecs-005; cloudsplaining `PassExistingRoleToNewECSTaskViaStartTask`; prowler `PassRole+ECS+RegisterTaskDef+StartTask`"),
    path("pass a role to a new Glue job run by a trigger", &["iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"], "pathfinding.cloud glue-004; cloudsplaining `PassExistingRoleToNewGlueJobViaTrigger`; prowler `PassRole+GlueCreateJob+CreateTrigger`"),
    path("pass a role to an updated Glue job and run it", &["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"], "pathfinding.cloud glue-005; cloudsplaining `PassExistingRoleToUpdatedGlueJobThenRun`; prowler `PassRole+GlueUpdateJob+StartJobRun`"),
    path("pass a role to an updated Glue job run by a trigger", &["iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"], "pathfinding.cloud glue-006; cloudsplaining `PassExistingRoleToUpdatedGlueJobViaTrigger`; prowler `PassRole+GlueUpdateJob+CreateTrigger`"),
    path("rotate and create an access key for another user", &["iam:CreateAccessKey", "iam:DeleteAccessKey"], "pathfinding.cloud iam-003; cloudsplaining `CreateAndRotateAccessKey`; prowler `CreateAccessKey+DeleteAccessKey`"),
    path("attach a policy to a role and assume it", &["iam:AttachRolePolicy", "sts:AssumeRole"], "pathfinding.cloud iam-014; prowler `AssumeRole+AttachRolePolicy`"),
    path("attach a policy to a user and create its access key", &["iam:AttachUserPolicy", "iam:CreateAccessKey"], "pathfinding.cloud iam-015; cloudsplaining `AttachUserPolicyThenCreateAccessKey`; prowler `AttachUserPolicy+CreateAccessKey`"),
    path("create a policy version and assume a role that has it", &["iam:CreatePolicyVersion", "sts:AssumeRole"], "pathfinding.cloud iam-016; cloudsplaining `CreatePolicyVersionThenAssumeRole`; prowler `AssumeRole+CreatePolicyVersion`"),
    path("write an inline policy on a role and assume it", &["iam:PutRolePolicy", "sts:AssumeRole"], "pathfinding.cloud iam-017; prowler `AssumeRole+PutRolePolicy`"),
    path("write an inline policy on a user and create its access key", &["iam:PutUserPolicy", "iam:CreateAccessKey"], "pathfinding.cloud iam-018; cloudsplaining `PutUserPolicyThenCreateAccessKey`; prowler `PutUserPolicy+CreateAccessKey`"),
    path("attach a policy to a role and rewrite its trust policy", &["iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"], "pathfinding.cloud iam-019; cloudsplaining `AttachRolePolicyThenUpdateAssumeRolePolicy`; prowler `AttachRolePolicy+UpdateAssumeRolePolicy`"),
    path("create a policy version and rewrite a role's trust policy", &["iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy"], "pathfinding.cloud iam-020; cloudsplaining `CreatePolicyVersionThenUpdateAssumeRolePolicy`; prowler `CreatePolicyVersion+UpdateAssumeRolePolicy`"),
    path("write an inline policy on a role and rewrite its trust policy", &["iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"], "pathfinding.cloud iam-021; cloudsplaining `PutRolePolicyThenUpdateAssumeRolePolicy`; prowler `PutRolePolicy+UpdateAssumeRolePolicy`"),
    path("replace the code of a Lambda function that has a role and invoke it", &["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], "pathfinding.cloud lambda-004; cloudsplaining `UpdateAndInvokeLambdaFunction`; prowler `UpdateFunctionCode+InvokeFunction`"),
    path("replace the code of a Lambda function that has a role and let oneself invoke it", &["lambda:UpdateFunctionCode", "lambda:AddPermission"], "pathfinding.cloud lambda-005; cloudsplaining `UpdateLambdaFunctionAndAddPermission`; prowler `UpdateFunctionCode+AddPermission`"),
    path("pass a role to a new Lambda function and let oneself invoke it", &["iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"], "pathfinding.cloud lambda-006; cloudsplaining `PassExistingRoleToNewLambdaThenAddPermission`; prowler `PassRole+CreateLambda+AddPermission`"),
    path("pass a role to a new SageMaker processing job", &["iam:PassRole", "sagemaker:CreateProcessingJob"], "pathfinding.cloud sagemaker-003; cloudsplaining `PassExistingRoleToNewSageMakerProcessingJob`; prowler `PassRole+SageMakerCreateProcessingJob`"),
    path("change the lifecycle configuration of a SageMaker notebook and restart it", &["sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance", "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance"], "pathfinding.cloud sagemaker-005; cloudsplaining `UpdateSageMakerNotebookLifecycleConfig`; prowler `SageMakerNotebookLifecycleConfig`"),
    path("open a Session Manager shell on an instance that has a role", &["ssm:StartSession"], "pathfinding.cloud ssm-001; prowler `SSMStartSession`"),
    path("run commands on an instance that has a role", &["ssm:SendCommand"], "pathfinding.cloud ssm-002; prowler `SSMSendCommand`"),
    path("assume any role that trusts the account", &["sts:AssumeRole"], "pathfinding.cloud sts-001"),
    path("pass a role to a new Lambda function triggered by a new DynamoDB table", &["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping", "dynamodb:CreateTable", "dynamodb:PutItem"], "Rhino Security Labs; cloudsplaining `PassExistingRoleToNewLambdaThenTriggerWithNewDynamo`; prowler `PassRole+CreateLambda+NewDynamo`"),
    path("rewrite a role's trust policy and assume it", &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"], "prowler `AssumeRole+UpdateAssumeRolePolicy`"),
    path("change the configuration (layers, environment) of a Lambda function that has a role", &["lambda:UpdateFunctionConfiguration"], "prowler `lambda:UpdateFunctionConfiguration`"),
    path("pass a role to a new CodeStar project", &["iam:PassRole", "codestar:CreateProject"], "prowler `PassRole+CodeStar`"),
    path("pass a role to a new Auto Scaling group", &["iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"], "prowler `PassRole+CreateAutoScaling`"),
    path("pass a role to an updated Auto Scaling group", &["iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:UpdateAutoScalingGroup"], "prowler `PassRole+UpdateAutoScaling`"),
    path("pass a role to an ECS task started on a container instance one registers", &["iam:PassRole", "ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance", "ecs:StartTask"], "prowler `PassRole+ECS+StartTask`"),
    path("run an existing ECS task definition with a role", &["iam:PassRole", "ecs:RunTask"], "prowler `PassRole+ECS+RunTask`"),
    path("run commands in a Bedrock AgentCore runtime that has a role", &["bedrock-agentcore:InvokeAgentRuntimeCommand"], "prowler `AgentCoreInvokeRuntimeCommand`"),
    path("pass a role to a new Bedrock AgentCore runtime and run commands in it", &["iam:PassRole", "bedrock-agentcore:CreateWorkloadIdentity", "bedrock-agentcore:CreateAgentRuntimeEndpoint", "bedrock-agentcore:CreateAgentRuntime", "bedrock-agentcore:InvokeAgentRuntimeCommand"], "prowler `PassRole+AgentCoreCreateRuntime+InvokeRuntimeCommand`"),
    path("pass a role to a new Bedrock AgentCore harness and run commands in it", &["iam:PassRole", "bedrock-agentcore:CreateWorkloadIdentity", "bedrock-agentcore:CreateAgentRuntimeEndpoint", "bedrock-agentcore:GetAgentRuntime", "bedrock-agentcore:CreateAgentRuntime", "bedrock-agentcore:InvokeAgentRuntimeCommand", "bedrock-agentcore:CreateHarness"], "prowler `PassRole+AgentCoreCreateHarness+InvokeRuntimeCommand`"),
    path("drive a Bedrock AgentCore browser that has a role", &["bedrock-agentcore:ConnectBrowserAutomationStream", "bedrock-agentcore:StartBrowserSession"], "prowler `AgentCoreBrowserSessionConnect`"),
    path("pass a role to a new Bedrock AgentCore browser and drive it", &["iam:PassRole", "bedrock-agentcore:CreateBrowser", "bedrock-agentcore:ConnectBrowserAutomationStream", "bedrock-agentcore:StartBrowserSession"], "prowler `PassRole+AgentCoreCreateBrowser+ConnectBrowser`"),
    path("pass a role to a new Batch job definition and submit it", &["iam:PassRole", "batch:RegisterJobDefinition", "batch:SubmitJob"], "prowler `PassRole+BatchRegisterJobDef+SubmitJob`"),
    path("submit a Batch job whose definition has a role", &["batch:SubmitJob"], "prowler `BatchSubmitJob`"),
    path("pass a role to a new Braket job", &["iam:PassRole", "braket:CreateJob"], "prowler `PassRole+BraketCreateJob`"),
    path("deploy new code to instances that have a role (CodeDeploy)", &["codedeploy:RegisterApplicationRevision", "codedeploy:GetDeploymentConfig", "codedeploy:CreateDeployment"], "prowler `CodeDeployCreateDeployment`"),
    path("pass a role to a Cognito identity pool", &["iam:PassRole", "cognito-identity:SetIdentityPoolRoles"], "prowler `PassRole+CognitoSetIdentityPoolRoles`"),
    path("start an ECS task with a role on an existing cluster", &["iam:PassRole", "ecs:StartTask"], "prowler `PassRole+ECSStartTaskExistingCluster`"),
    path("pass a role to a new EMR cluster", &["iam:PassRole", "elasticmapreduce:RunJobFlow"], "prowler `PassRole+EMRRunJobFlow`"),
    path("pass a role to a new EMR Serverless application and run a job", &["iam:PassRole", "emr-serverless:StartJobRun", "emr-serverless:CreateApplication"], "prowler `PassRole+EMRServerlessCreateApp+StartJobRun`"),
    path("pass a role to a new GameLift fleet", &["iam:PassRole", "gamelift:CreateBuild", "gamelift:CreateFleet", "gamelift:RequestUploadCredentials"], "prowler `PassRole+GameLiftCreateBuild+CreateFleet`"),
    path("pass a role to a new Glue interactive session and run code", &["iam:PassRole", "glue:RunStatement", "glue:CreateSession"], "prowler `PassRole+GlueCreateSession+RunStatement`"),
    path("pass a role to a new Image Builder build", &["iam:PassRole", "imagebuilder:CreateComponent", "imagebuilder:CreateImage", "imagebuilder:CreateInfrastructureConfiguration", "imagebuilder:CreateImageRecipe"], "prowler `PassRole+ImageBuilderCreateComponent+CreateImage`"),
    path("pass a role to a new Kinesis Data Analytics application", &["iam:PassRole", "kinesisanalytics:CreateApplication", "kinesisanalytics:StartApplication"], "prowler `PassRole+KinesisAnalyticsCreateApp+StartApp`"),
    path("pass a role to a new HealthOmics workflow run", &["iam:PassRole", "omics:StartRun", "s3:GetObject", "omics:CreateWorkflow"], "prowler `PassRole+OmicsCreateWorkflow+StartRun`"),
    path("pass a role to a new EventBridge Scheduler schedule", &["iam:PassRole", "scheduler:CreateSchedule"], "prowler `PassRole+SchedulerCreateSchedule`"),
    path("pass a role to a new SSM Automation document and run it", &["iam:PassRole", "ssm:StartAutomationExecution", "ssm:CreateDocument"], "prowler `PassRole+SSMCreateDocument+StartAutomation`"),
    path("pass a role to a new Step Functions state machine and run it", &["iam:PassRole", "states:CreateStateMachine", "states:StartExecution"], "prowler `PassRole+StepFunctionsCreateStateMachine+StartExecution`"),
    path("change a Step Functions state machine that has a role and run it", &["states:UpdateStateMachine", "states:StartExecution"], "prowler `StepFunctionsUpdateStateMachine+StartExecution`"),
    path("remove a user's permissions boundary", &["iam:DeleteUserPermissionsBoundary"], "prowler `iam:DeleteUserPermissionsBoundary`"),
    path("remove a role's permissions boundary and assume it", &["iam:DeleteRolePermissionsBoundary", "sts:AssumeRole"], "prowler `AssumeRole+DeleteRolePermissionsBoundary`"),
    path("create an IAM Identity Center permission set with any policy and assign it", &["sso:AttachManagedPolicyToPermissionSet", "sso:CreateAccountAssignment", "sso:CreatePermissionSet"], "prowler `SSOCreatePermissionSet+CreateAccountAssignment+AttachManagedPolicy`"),
    path("attach any policy to an IAM Identity Center permission set", &["sso:AttachManagedPolicyToPermissionSet"], "prowler `sso:AttachManagedPolicyToPermissionSet`"),
    path("write an inline policy on an IAM Identity Center permission set", &["sso:PutInlinePolicyToPermissionSet"], "prowler `sso:PutInlinePolicyToPermissionSet`"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::catalog::{ActionLookup, catalog};

    #[test]
    fn every_path_is_sourced_and_its_actions_exist() {
        for p in ESCALATION {
            assert!(!p.source.is_empty(), "{}", p.name);
            for a in p.actions {
                assert!(
                    matches!(catalog().lookup_action(a), ActionLookup::Found(_)),
                    "{}: {a}",
                    p.name
                );
            }
        }
        assert_eq!(ESCALATION.len(), 103);
    }

    #[test]
    fn no_two_paths_hold_the_same_actions() {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for p in ESCALATION {
            let mut set: Vec<String> = p.actions.iter().map(|a| a.to_ascii_lowercase()).collect();
            set.sort();
            assert!(!seen.contains(&set), "{} repeats a path", p.name);
            seen.push(set);
        }
    }

    #[test]
    fn the_issue_paths_are_covered() {
        // Issue 8, item 19: the paths the published sets had and iamx missed.
        for wanted in [
            &["iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"][..],
            &[
                "iam:PassRole",
                "cloudformation:CreateStackSet",
                "cloudformation:CreateStackInstances",
            ],
            &[
                "iam:PassRole",
                "codebuild:CreateProject",
                "codebuild:StartBuildBatch",
            ],
            &[
                "iam:PassRole",
                "ecs:RegisterTaskDefinition",
                "ecs:StartTask",
            ],
            &[
                "iam:PassRole",
                "lambda:CreateFunction",
                "lambda:AddPermission",
            ],
            &["iam:PassRole", "sagemaker:CreateProcessingJob"],
            &[
                "sagemaker:CreateNotebookInstanceLifecycleConfig",
                "sagemaker:StopNotebookInstance",
                "sagemaker:UpdateNotebookInstance",
                "sagemaker:StartNotebookInstance",
            ],
            &[
                "ec2-instance-connect:SendSSHPublicKey",
                "ec2:DescribeInstances",
            ],
            &[
                "bedrock-agentcore:StartCodeInterpreterSession",
                "bedrock-agentcore:InvokeCodeInterpreter",
            ],
            &["bedrock-agentcore:InvokeAgentRuntimeCommand"],
            &[
                "bedrock-agentcore:StartBrowserSession",
                "bedrock-agentcore:ConnectBrowserAutomationStream",
            ],
        ] {
            assert!(
                ESCALATION.iter().any(|p| p.actions.len() == wanted.len()
                    && wanted.iter().all(|w| p.actions.contains(w))),
                "{wanted:?}"
            );
        }
    }
}
