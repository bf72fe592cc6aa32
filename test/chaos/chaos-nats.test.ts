import { chaosSuite } from './support/chaos-suite';

jest.setTimeout(600_000);

chaosSuite('nats');
