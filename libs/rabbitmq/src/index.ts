export { amqpProbe } from './amqp-probe';
