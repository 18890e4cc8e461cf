// The tracing every per-provider overhead bench measures against: a TracerProvider whose one
// processor serializes each ended span as OTLP/protobuf (the work an exporter would do), the
// AsyncLocalStorage context manager an app under --import has, and the provider made global.
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { TracerProvider } from '@opentelemetry/sdk-trace';

export function serializingTracing() {
  const serializing = {
    onStart() {},
    onEnding() {},
    onEnd(span) {
      ProtobufTraceSerializer.serializeRequest([span]);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new TracerProvider({ spanProcessors: [serializing] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return { provider, tracer: provider.getTracer('bench') };
}
