# A minimal image of the static execsim binary: built with cgo off (no
# libc to ship), then copied alone onto distroless/static, which holds CA
# certificates, /etc/passwd with a nonroot user and nothing else. The
# built-in scenarios are compiled into the binary; mount your own.
#   docker build -t execsim .
#   docker run --rm execsim run builtin:steady
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/execsim ./cmd/execsim

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/execsim /execsim
ENTRYPOINT ["/execsim"]
