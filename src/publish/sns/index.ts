export {
  type BuildNotificationInput,
  buildNotification,
  MAX_MESSAGE_BYTES,
  type MachineReadableNotification,
  messageBytes,
  type Notification,
  type ProtocolMessages,
} from './build.ts';
export {
  CHATBOT_EVENT_TYPE,
  CHATBOT_LIMITS,
  type ChatbotNotification,
} from './chatbot.ts';
export {
  type DecideNotificationInput,
  decideNotification,
  type NotificationDecision,
} from './decide.ts';
export { NotificationPublishError } from './errors.ts';
export { messageAttributes, type SendNotificationInput, sendNotification } from './send.ts';
export { MAX_SUBJECT_LENGTH } from './subject.ts';
