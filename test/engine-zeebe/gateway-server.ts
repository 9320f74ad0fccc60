/**
 * Serves the `gateway_protocol.Gateway` service of the SDK's own `zeebe.proto` with @grpc/grpc-js on
 * 127.0.0.1 and a random port: the transport shared by the test gateways.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const require = createRequire(import.meta.url);
const sdkDist = dirname(require.resolve('@camunda8/sdk'));
/** Path of the proto shipped with @camunda8/sdk. */
export const ZEEBE_PROTO = join(sdkDist, 'proto', 'zeebe.proto');

/** A listening gateway server and the address to give the adapter, e.g. `grpc://127.0.0.1:40123`. */
export interface GatewayServer {
  server: grpc.Server;
  address: string;
}

/** Decodes with int64 as strings, enums as names and defaults filled in, as a gateway's handlers see requests. */
export async function serveGateway(handlers: grpc.UntypedServiceImplementation): Promise<GatewayServer> {
  const definition = protoLoader.loadSync(ZEEBE_PROTO, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const proto = grpc.loadPackageDefinition(definition) as any;
  const server = new grpc.Server();
  server.addService(proto.gateway_protocol.Gateway.service, handlers);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return { server, address: `grpc://127.0.0.1:${port}` };
}
