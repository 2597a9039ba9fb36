# syntax=docker/dockerfile:1
# The image of the compose service "submit": the job jar, built here from source so that the host
# needs only Docker, on top of the same Flink image the cluster runs. Built by `docker compose up`.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
# -Dmaven.test.skip: the image needs the job jar only; CI runs the tests (.ci/run).
# The cache mount keeps Maven's downloads between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -Dmaven.test.skip=true package

FROM flink:2.0.0-java17
COPY --from=build /build/target/tillstream-0.1.0-SNAPSHOT.jar /opt/tillstream/tillstream.jar
COPY --chmod=0755 docker/submit.sh /opt/tillstream/submit.sh
