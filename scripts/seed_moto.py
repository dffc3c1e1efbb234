"""Seed a moto server with the account the moto tests expect.

Three clusters:
  moto-web   Fargate: 12 services, `big` with 250 running tasks, `flaky` with 3 stopped tasks
             (stop reasons kept), and a few running tasks of other services.
  moto-ec2   EC2: 3 container instances (EC2 instances created first), 4 running `worker` tasks.
  moto-idle  one container instance and no tasks (the drain / re-activate target of the write tests).
  moto-logs  service `logsvc` with two running tasks whose awslogs streams (group /ecs/logsvc,
             prefix ecs) hold 20 lines each, the two tasks' lines alternating second by second.
  moto-biglogs  service `bigsvc` with 1,050 running tasks logging to the shared group
             /ecs/shared: 300 of them have written (3 lines each, `bigsvc line N of TASK`), the rest
             nothing yet; 200 streams of other tasks (`ecs/other/…`, `OTHER line …`) in the same
             group are written more recently than any of bigsvc's.
A second account (210987654321, reached with the IAM key written to
target/moto-second-account.json) holds cluster `second-web`, service `storefront` with no tasks.
A scalable target (min 1, max 5) is registered for moto-web/svc-01.
Family `payments` has two revisions differing in image (2.0.0 → 2.1.0), memory (512 → 1024) and
environment (LOG_LEVEL info → debug, FEATURE_X added, OLD_FLAG removed; API_TOKEN the same);
service `payments` in moto-idle (desired 0) runs revision 2.

moto moves every task one step towards STOPPED on each DescribeTasks unless task transitions are
set to manual, so that is done first. Usage: seed_moto.py ENDPOINT_URL
"""

import json
import os
import sys
import time
import urllib.request

import boto3

URL = sys.argv[1]
REGION = "us-east-1"
kw = dict(endpoint_url=URL, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
ecs = boto3.client("ecs", **kw)
ec2 = boto3.client("ec2", **kw)


def manual_task_transitions():
    body = json.dumps({"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}).encode()
    req = urllib.request.Request(URL + "/moto-api/state-manager/set-transition", data=body, method="POST")
    req.add_header("Content-Type", "application/json")
    urllib.request.urlopen(req).read()


def task_definition(family, cpu="256", memory="512"):
    # Every container has its own memory: moto's RunTask fails without it.
    ecs.register_task_definition(
        family=family,
        requiresCompatibilities=["EC2"] if family == "worker" else ["FARGATE"],
        networkMode="bridge" if family == "worker" else "awsvpc",
        cpu=cpu,
        memory=memory,
        containerDefinitions=[
            {
                "name": family,
                "image": f"123456789012.dkr.ecr.us-east-1.amazonaws.com/{family}:1.0.0",
                "memory": 256,
                "essential": True,
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": f"/ecs/{family}", "awslogs-region": REGION, "awslogs-stream-prefix": "ecs"},
                },
            }
        ],
    )
    return family


def seed_payments(network):
    for image, memory, env in [
        ("2.0.0", "512", {"LOG_LEVEL": "info", "OLD_FLAG": "1", "API_TOKEN": "tok-secret-1"}),
        ("2.1.0", "1024", {"LOG_LEVEL": "debug", "FEATURE_X": "on", "API_TOKEN": "tok-secret-1"}),
    ]:
        ecs.register_task_definition(
            family="payments",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu="256",
            memory=memory,
            containerDefinitions=[
                {
                    "name": "payments",
                    "image": f"123456789012.dkr.ecr.us-east-1.amazonaws.com/payments:{image}",
                    "memory": 256,
                    "essential": True,
                    "environment": [{"name": k, "value": v} for k, v in env.items()],
                }
            ],
        )
    ecs.create_service(cluster="moto-idle", serviceName="payments", taskDefinition="payments:2", desiredCount=0, launchType="FARGATE", networkConfiguration=network)


def run(cluster, family, count, group, launch="FARGATE", network=None):
    arns = []
    while count > 0:
        n = min(count, 10)
        args = dict(cluster=cluster, taskDefinition=family, count=n, launchType=launch, group=group, startedBy="ecs-svc/1234567890")
        if network:
            args["networkConfiguration"] = network
        out = ecs.run_task(**args)
        if out.get("failures"):
            raise SystemExit(f"run_task failed: {out['failures']}")
        arns += [t["taskArn"] for t in out["tasks"]]
        count -= n
    return arns


def seed_logs(network):
    logs = boto3.client("logs", **kw)
    ecs.create_cluster(clusterName="moto-logs")
    task_definition("logsvc")
    ecs.create_service(cluster="moto-logs", serviceName="logsvc", taskDefinition="logsvc", desiredCount=2, launchType="FARGATE", networkConfiguration=network)
    arns = run("moto-logs", "logsvc", 2, "service:logsvc", network=network)
    logs.create_log_group(logGroupName="/ecs/logsvc")
    base = int(time.time() * 1000) - 5 * 60 * 1000
    for n, arn in enumerate(sorted(arns)):
        task_id = arn.rsplit("/", 1)[1]
        stream = f"ecs/logsvc/{task_id}"
        logs.create_log_stream(logGroupName="/ecs/logsvc", logStreamName=stream)
        events = [{"timestamp": base + (2 * i + n) * 1000, "message": f"task {n} line {i} of {task_id}"} for i in range(20)]
        logs.put_log_events(logGroupName="/ecs/logsvc", logStreamName=stream, logEvents=events)


def seed_big_logs(network):
    logs = boto3.client("logs", **kw)
    ecs.create_cluster(clusterName="moto-biglogs")
    ecs.register_task_definition(
        family="bigsvc",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                "name": "bigsvc",
                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/bigsvc:1.0.0",
                "memory": 256,
                "essential": True,
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {"awslogs-group": "/ecs/shared", "awslogs-region": REGION, "awslogs-stream-prefix": "ecs"},
                },
            }
        ],
    )
    ecs.create_service(cluster="moto-biglogs", serviceName="bigsvc", taskDefinition="bigsvc", desiredCount=1050, launchType="FARGATE", networkConfiguration=network)
    arns = run("moto-biglogs", "bigsvc", 1050, "service:bigsvc", network=network)
    logs.create_log_group(logGroupName="/ecs/shared")
    now = int(time.time() * 1000)
    for n, arn in enumerate(sorted(arns)[:300]):
        task_id = arn.rsplit("/", 1)[1]
        stream = f"ecs/bigsvc/{task_id}"
        logs.create_log_stream(logGroupName="/ecs/shared", logStreamName=stream)
        events = [{"timestamp": now - 600_000 + n * 1000 + i, "message": f"bigsvc line {i} of {task_id}"} for i in range(3)]
        logs.put_log_events(logGroupName="/ecs/shared", logStreamName=stream, logEvents=events)
    for n in range(200):
        stream = f"ecs/other/{n:032x}"
        logs.create_log_stream(logGroupName="/ecs/shared", logStreamName=stream)
        events = [{"timestamp": now - 60_000 + n * 100 + i, "message": f"OTHER line {i} of {n}"} for i in range(3)]
        logs.put_log_events(logGroupName="/ecs/shared", logStreamName=stream, logEvents=events)


def seed_load_balancer(network, subnets):
    # moto-lb: a service behind an application load balancer (an ip target group holding its two
    # tasks and one address no task has) and a service with none. moto reports every registered
    # target healthy.
    elb = boto3.client("elbv2", **kw)
    vpc = ec2.describe_subnets(SubnetIds=[subnets[0]])["Subnets"][0]["VpcId"]
    ecs.create_cluster(clusterName="moto-lb")
    task_definition("front")
    task_definition("backoffice")
    lb = elb.create_load_balancer(Name="front-alb", Subnets=subnets, Type="application")["LoadBalancers"][0]
    tg = elb.create_target_group(Name="front-tg", Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip", HealthCheckPath="/health")["TargetGroups"][0]
    tg_arn = tg["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
    ecs.create_service(cluster="moto-lb", serviceName="front", taskDefinition="front", desiredCount=2, launchType="FARGATE", networkConfiguration=network,
                       loadBalancers=[{"targetGroupArn": tg_arn, "containerName": "front", "containerPort": 8080}])
    ecs.create_service(cluster="moto-lb", serviceName="backoffice", taskDefinition="backoffice", desiredCount=1, launchType="FARGATE", networkConfiguration=network)
    arns = run("moto-lb", "front", 2, "service:front", network=network)
    run("moto-lb", "backoffice", 1, "service:backoffice", network=network)
    ips = []
    for t in ecs.describe_tasks(cluster="moto-lb", tasks=arns)["tasks"]:
        for a in t.get("attachments", []):
            ips += [d["value"] for d in a.get("details", []) if d["name"] == "privateIPv4Address"]
    if len(ips) != 2:
        raise SystemExit(f"moto-lb: expected two task IPs, got {ips}")
    elb.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": ip, "Port": 8080} for ip in ips + ["10.0.250.250"]])


def seed_other_region():
    # What another profile's pulse reads (profile `apac` of the multi-account pulse test): a
    # cluster in ap-southeast-2 whose service has no tasks running.
    other = boto3.client("ecs", **{**kw, "region_name": "ap-southeast-2"})
    service_without_tasks(other, "apse-api", "orders", 2)


def service_without_tasks(client, cluster, name, desired):
    # A cluster whose one Fargate service wants `desired` tasks and runs none (moto starts none).
    client.create_cluster(clusterName=cluster)
    client.register_task_definition(
        family=name,
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": name, "image": f"{name}:1", "essential": True}],
    )
    client.create_service(cluster=cluster, serviceName=name, taskDefinition=name, desiredCount=desired, launchType="FARGATE")


SECOND_ACCOUNT = "210987654321"
SECOND_ACCOUNT_FILE = "target/moto-second-account.json"


def seed_second_account():
    # Another account (moto keeps one per account id; a request names its account by its access
    # key): an IAM key made in account 210987654321, and there a cluster `second-web` whose
    # service `storefront` has no tasks running. The key is written to SECOND_ACCOUNT_FILE for
    # the multi-account pulse test's profile `second`.
    iam = boto3.client("iam", **kw)

    def in_second_account(request, **_):
        request.headers["x-moto-account-id"] = SECOND_ACCOUNT

    iam.meta.events.register("before-sign.iam.*", in_second_account)
    iam.create_user(UserName="wall")
    key = iam.create_access_key(UserName="wall")["AccessKey"]
    second = dict(endpoint_url=URL, region_name=REGION, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    ecs2 = boto3.client("ecs", **second)
    service_without_tasks(ecs2, "second-web", "storefront", 3)
    arn = ecs2.describe_clusters(clusters=["second-web"])["clusters"][0]["clusterArn"]
    assert f":{SECOND_ACCOUNT}:" in arn, arn
    os.makedirs(os.path.dirname(SECOND_ACCOUNT_FILE), exist_ok=True)
    with open(SECOND_ACCOUNT_FILE, "w") as f:
        json.dump({"account": SECOND_ACCOUNT, "access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}, f)


def main():
    manual_task_transitions()
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    groups = [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]][:1]
    network = {"awsvpcConfiguration": {"subnets": subnets, "securityGroups": groups, "assignPublicIp": "DISABLED"}}

    for c in ["moto-web", "moto-ec2", "moto-idle"]:
        ecs.create_cluster(clusterName=c)

    # moto-web: 12 services on Fargate.
    names = ["big", "flaky"] + [f"svc-{i:02d}" for i in range(1, 11)]
    for name in names:
        task_definition(name)
        ecs.create_service(cluster="moto-web", serviceName=name, taskDefinition=name, desiredCount=1, launchType="FARGATE", networkConfiguration=network)
    ecs.update_service(cluster="moto-web", service="big", desiredCount=250)
    run("moto-web", "big", 250, "service:big", network=network)
    for name in names[2:5]:
        run("moto-web", name, 1, f"service:{name}", network=network)
    reasons = ["Essential container in task exited", "Task failed ELB health checks in (target-group web)", "Scaling activity initiated by (deployment ecs-svc/1)"]
    for arn, reason in zip(run("moto-web", "flaky", 3, "service:flaky", network=network), reasons):
        ecs.stop_task(cluster="moto-web", task=arn, reason=reason)

    # moto-ec2: container instances backed by EC2 instances.
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instances = ec2.run_instances(ImageId=image, MinCount=3, MaxCount=3, InstanceType="m5.large")["Instances"]
    # The second of moto-ec2's three is a Spot instance (the instances view says which).
    spot = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="m5.large", InstanceMarketOptions={"MarketType": "spot"})["Instances"]
    instances = instances[:1] + spot + instances[1:]
    for n, inst in enumerate(instances):
        doc = {"instanceId": inst["InstanceId"], "availabilityZone": "us-east-1a", "instanceType": "m5.large", "region": REGION}
        cluster = "moto-ec2" if n < 3 else "moto-idle"
        ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=json.dumps(doc))
    task_definition("worker")
    run("moto-ec2", "worker", 4, "service:worker", launch="EC2")
    # Its capacity: an Auto Scaling group provider with managed scaling, the cluster's default.
    asg = boto3.client("autoscaling", **kw)
    asg.create_launch_configuration(LaunchConfigurationName="moto-ec2-lc", ImageId=image, InstanceType="m5.large")
    asg.create_auto_scaling_group(AutoScalingGroupName="moto-ec2-asg", LaunchConfigurationName="moto-ec2-lc", MinSize=0, MaxSize=4, DesiredCapacity=0, AvailabilityZones=["us-east-1a"])
    group_arn = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["moto-ec2-asg"])["AutoScalingGroups"][0]["AutoScalingGroupARN"]
    ecs.create_capacity_provider(
        name="moto-ec2-cp",
        autoScalingGroupProvider={
            "autoScalingGroupArn": group_arn,
            "managedScaling": {"status": "ENABLED", "targetCapacity": 90},
            "managedTerminationProtection": "DISABLED",
        },
    )
    ecs.put_cluster_capacity_providers(
        cluster="moto-ec2",
        capacityProviders=["moto-ec2-cp"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "moto-ec2-cp", "base": 1, "weight": 1}],
    )
    autoscaling = boto3.client("application-autoscaling", **kw)
    autoscaling.register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId="service/moto-web/svc-01",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=1,
        MaxCapacity=5,
    )
    # Its policy and schedule, for :scaling (moto has no DescribeScalingActivities).
    autoscaling.put_scaling_policy(
        PolicyName="cpu-target-tracking",
        ServiceNamespace="ecs",
        ResourceId="service/moto-web/svc-01",
        ScalableDimension="ecs:service:DesiredCount",
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 50.0,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"},
        },
    )
    autoscaling.put_scheduled_action(
        ServiceNamespace="ecs",
        ScheduledActionName="nightly-floor",
        ResourceId="service/moto-web/svc-01",
        ScalableDimension="ecs:service:DesiredCount",
        Schedule="cron(0 2 * * ? *)",
        ScalableTargetAction={"MinCapacity": 1, "MaxCapacity": 2},
    )
    seed_payments(network)
    seed_logs(network)
    seed_big_logs(network)
    seed_load_balancer(network, subnets)
    seed_other_region()
    seed_second_account()
    print(f"seeded {URL}: moto-web (12 services, 250 tasks in big), moto-ec2 (3 instances), moto-idle, moto-lb (a service behind a load balancer)")


if __name__ == "__main__":
    main()
