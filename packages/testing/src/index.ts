export * from './postgres';
export * from './services';
export * from './redis';
export * from './amqp';
export * from './s3';
export * from './stack';
