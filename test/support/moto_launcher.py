"""Starts moto 5.2.1 in server mode on one loopback port, with four patches that make it
behave like the AWS the scanner meets. Started by test/support/emulator.ts; not for
production use.

    python3 moto_launcher.py <port>

Environment:
  MOTO_AMIS_PATH                  AMI list (moto's amis.json shape) replacing moto's defaults.
  EMULATOR_SSM_PARAMETERS         JSON object: SSM parameter name -> value, served under /aws/.
Systems Manager inventory: moto 5.2.1 has no DescribeInstanceInformation (HTTP 500). Here
it answers from EC2: an instance that is not terminated and carries the tag
`emulator:ssm-platform-version` (e.g. `10.0.18363`, Windows Server 1909) is a managed
instance with that PlatformVersion; `emulator:ssm-platform-type` (default: Windows for a
Windows instance, else Linux) and `emulator:ssm-platform-name` are optional. No tagged
instance: an empty list, as AWS answers an account that does not use Systems Manager.
Exit codes: 0 stopped, 3 moto (or its server extras) missing, 98 port already in use.
Prints "READY <port>" on stdout once the socket is bound. Exits when stdin closes, so a
crashed parent never leaves a server behind; ignores SIGINT (the parent stops it by SIGTERM).
"""

import errno
import json
import logging
import os
import signal
import sys
import threading
from datetime import datetime

EXIT_MOTO_MISSING = 3
EXIT_ADDRESS_IN_USE = 98


def main() -> int:
    # Ctrl-C in a terminal reaches the whole process group: the parent decides when moto stops
    # (SIGTERM, or stdin closing), so it can finish cleaning up first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    port = int(sys.argv[1])
    try:
        # Imported late: MOTO_AMIS_PATH is read when moto.ec2.models.amis is imported.
        import moto.ec2.models.amis as amis_module
        from moto.ec2.responses.amis import AmisResponse
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from moto.ec2 import ec2_backends
        from moto.ssm import models as ssm_models
        from moto.ssm.responses import SimpleSystemManagerResponse
        from werkzeug.serving import make_server
    except ImportError as error:
        print(f"moto server is not installed ({error}): pip install 'moto[server]'", file=sys.stderr)
        return EXIT_MOTO_MISSING

    patch_ami_timestamps(amis_module)
    patch_image_visibility(AmisResponse)
    patch_ssm_public_parameters(ssm_models, json.loads(os.environ.get("EMULATOR_SSM_PARAMETERS") or "{}"))
    patch_ssm_instance_information(SimpleSystemManagerResponse, ec2_backends)

    try:
        server = make_server("127.0.0.1", port, DomainDispatcherApplication(create_backend_app), threaded=True)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"port {port} is already in use", file=sys.stderr)
            return EXIT_ADDRESS_IN_USE
        raise

    # One log line per request would drown the errors worth reading.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    threading.Thread(target=stop_when_stdin_closes, args=(server,), daemon=True).start()
    print(f"READY {port}", flush=True)
    server.serve_forever()
    return 0


def stop_when_stdin_closes(server) -> None:
    sys.stdin.read()
    # shutdown() would wait for serve_forever in another thread; the process is ours alone.
    os._exit(0)


def patch_ami_timestamps(amis_module) -> None:
    """moto 5.2.1 parses the shared AMI list in place, so the second account or region that
    loads it gets a datetime where it expects text and answers HTTP 500. Let datetimes pass."""
    original = amis_module.parse_timestamp

    def parse_timestamp(value):
        return value if isinstance(value, datetime) else original(value)

    amis_module.parse_timestamp = parse_timestamp


def patch_image_visibility(amis_response_class) -> None:
    """AWS only shows an account the images it may launch: its own, public ones, and ones
    shared with it. moto shows every image, so an EKS AMI made private would still be found.
    Filter what DescribeImages returns; moto's internal look-ups stay unfiltered."""
    original = amis_response_class.describe_images

    def describe_images(self):
        action_result = original(self)
        account_id = self.ec2_backend.account_id
        images = action_result.result["Images"]
        action_result.result["Images"] = [
            image
            for image in images
            if image.owner_id == account_id
            or image.is_public
            or any(permission.get("UserId") == account_id for permission in image.launch_permissions)
        ]
        return action_result

    amis_response_class.describe_images = describe_images


def patch_ssm_public_parameters(ssm_models, parameters: dict) -> None:
    """moto has no /aws/service/ami-windows-latest/... parameters and refuses PutParameter
    under /aws/. Load the given ones the first time a key under /aws/service/ is read."""
    if not parameters:
        return
    parameter_dict_class = ssm_models.ParameterDict
    original = parameter_dict_class._check_loading_status
    loaded_at = datetime.utcnow().replace(microsecond=0)

    def check_loading_status(self, key):
        original(self, key)
        if not str(key or "").startswith("/aws/") or getattr(self, "emulator_parameters_loaded", False):
            return
        self.emulator_parameters_loaded = True
        for name, value in parameters.items():
            # defaultdict.__getitem__ directly: self[name] would come back here.
            versions = super(parameter_dict_class, self).__getitem__(name)
            versions.append(
                ssm_models.Parameter(
                    account_id=self.account_id,
                    name=name,
                    value=value,
                    parameter_type="String",
                    description=None,
                    allowed_pattern=None,
                    keyid=None,
                    last_modified_date=loaded_at,
                    version=1,
                    data_type="aws:ec2:image" if value.startswith("ami-") else "text",
                )
            )

    parameter_dict_class._check_loading_status = check_loading_status


SSM_TAG_VERSION = "emulator:ssm-platform-version"
SSM_TAG_TYPE = "emulator:ssm-platform-type"
SSM_TAG_NAME = "emulator:ssm-platform-name"


def patch_ssm_instance_information(response_class, ec2_backends) -> None:
    """DescribeInstanceInformation from the EC2 instances tagged as SSM-managed (see the module
    docstring), with the filters the scanner uses (InstanceIds, PlatformTypes, in both
    `Filters` and `InstanceInformationFilterList`) and paging by MaxResults/NextToken."""
    from moto.core.responses import ActionResult
    from moto.ssm.exceptions import ValidationException

    def describe_instance_information(self):
        wanted_ids = None
        wanted_types = None
        for entry in self._get_param("Filters") or []:
            key, values = entry.get("Key"), entry.get("Values") or []
            if key == "InstanceIds":
                wanted_ids = set(values)
            elif key == "PlatformTypes":
                wanted_types = set(values)
        for entry in self._get_param("InstanceInformationFilterList") or []:
            key, values = entry.get("key"), entry.get("valueSet") or []
            if key == "InstanceIds":
                wanted_ids = set(values)
            elif key == "PlatformTypes":
                wanted_types = set(values)
        max_results = int(self._get_param("MaxResults") or 10)
        if not 5 <= max_results <= 50:
            raise ValidationException("MaxResults must be between 5 and 50")
        start = int(self._get_param("NextToken") or 0)

        ec2 = ec2_backends[self.current_account][self.region]
        listed = []
        for instance in sorted(ec2.all_instances(), key=lambda item: item.id):
            if instance.state == "terminated":
                continue
            tags = {tag["key"]: tag["value"] for tag in instance.get_tags()}
            version = tags.get(SSM_TAG_VERSION)
            if version is None or (wanted_ids is not None and instance.id not in wanted_ids):
                continue
            platform_type = tags.get(SSM_TAG_TYPE) or ("Windows" if instance.platform == "windows" else "Linux")
            if wanted_types is not None and platform_type not in wanted_types:
                continue
            listed.append(
                {
                    "InstanceId": instance.id,
                    "PingStatus": "Online",
                    "LastPingDateTime": datetime.utcnow().replace(microsecond=0),
                    "AgentVersion": "3.3.0.0",
                    "IsLatestVersion": True,
                    "PlatformType": platform_type,
                    "PlatformName": tags.get(SSM_TAG_NAME) or ("Microsoft Windows Server Datacenter" if platform_type == "Windows" else "Amazon Linux"),
                    "PlatformVersion": version,
                    "ResourceType": "EC2Instance",
                    "IPAddress": instance.private_ip,
                    "ComputerName": instance.private_dns_name,
                }
            )
        page = listed[start : start + max_results]
        result = {"InstanceInformationList": page}
        if start + max_results < len(listed):
            result["NextToken"] = str(start + max_results)
        return ActionResult(result)

    response_class.describe_instance_information = describe_instance_information


if __name__ == "__main__":
    sys.exit(main())
