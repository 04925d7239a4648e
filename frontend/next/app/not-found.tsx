import { NotFound } from "@/components/Shell";

export default function NotFoundPage() {
  return <NotFound path="/" showBanner={false} />;
}
