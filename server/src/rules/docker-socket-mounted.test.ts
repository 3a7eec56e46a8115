import { describe, it } from "vitest";
import { expectFindings, expectNoFindings } from "../../../test/helpers/rule-test";

describe("docker-socket-mounted", () => {
  it("reports the socket in short, :ro, long and /run forms", () => {
    expectFindings(
      "docker-socket-mounted",
      `
      services:
        worker:
          image: apache/airflow:2.10.4
          volumes:
            - /var/run/docker.sock:/var/run/docker.sock
      #       ^^^^^^^^^^^^^^^^^^^^ docker-socket-mounted warning no-fix: \`worker\` mounts the Docker socket
            - /run/docker.sock:/var/run/docker.sock:ro
      #       ^^^^^^^^^^^^^^^^ docker-socket-mounted
            - type: bind
              source: /var/run/docker.sock
      #               ^^^^^^^^^^^^^^^^^^^^ docker-socket-mounted
              target: /var/run/docker.sock
      `,
    );
  });

  it("is info for an image whose job is the Docker API", () => {
    expectFindings(
      "docker-socket-mounted",
      `
      services:
        proxy:
          image: traefik:v3.1
          volumes:
            - /var/run/docker.sock:/var/run/docker.sock:ro
      #       ^^^^^^^^^^^^^^^^^^^^ docker-socket-mounted info: mounts the Docker socket
      `,
    );
  });

  it("ignores other mounts, named volumes and a socket path from a variable", () => {
    expectNoFindings(
      "docker-socket-mounted",
      `
      services:
        worker:
          image: apache/airflow:2.10.4
          volumes:
            - ./dags:/opt/airflow/dags
            - docker.sock:/data
            - \${DOCKER_SOCK}:/var/run/docker.sock
            - /var/run/docker.sock.d:/x
      volumes:
        docker.sock:
      `,
    );
  });
});
