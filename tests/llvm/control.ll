; ModuleID = 'control.c'
source_filename = "control.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

; Function Attrs: nounwind uwtable
define dso_local i32 @dispatch(i32 noundef %0, i32 noundef %1) local_unnamed_addr #0 {
  switch i32 %0, label %15 [
    i32 0, label %3
    i32 1, label %5
    i32 5, label %9
    i32 9, label %12
    i32 12, label %18
  ]

3:                                                ; preds = %2
  %4 = tail call i32 @handle(i32 noundef %1) #5
  br label %18

5:                                                ; preds = %2
  %6 = add nsw i32 %1, 1
  %7 = tail call i32 @handle(i32 noundef %6) #5
  %8 = shl nsw i32 %7, 1
  br label %18

9:                                                ; preds = %2
  %10 = add nsw i32 %1, -5
  %11 = tail call i32 @handle(i32 noundef %10) #5
  br label %18

12:                                               ; preds = %2
  %13 = mul nsw i32 %1, 3
  %14 = tail call i32 @handle(i32 noundef %13) #5
  br label %15

15:                                               ; preds = %2, %12
  %16 = phi i32 [ %14, %12 ], [ -1, %2 ]
  %17 = add nsw i32 %16, %0
  br label %18

18:                                               ; preds = %2, %15, %9, %5, %3
  %19 = phi i32 [ %17, %15 ], [ %11, %9 ], [ %8, %5 ], [ %4, %3 ], [ 0, %2 ]
  ret i32 %19
}

declare i32 @handle(i32 noundef) local_unnamed_addr #1

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read) uwtable
define dso_local i32 @count_matches(ptr nocapture noundef readonly %0, i32 noundef %1, i32 noundef %2) local_unnamed_addr #2 {
  %4 = icmp sgt i32 %1, 0
  br i1 %4, label %5, label %21

5:                                                ; preds = %3
  %6 = zext nneg i32 %1 to i64
  br label %7

7:                                                ; preds = %5, %17
  %8 = phi i64 [ 0, %5 ], [ %19, %17 ]
  %9 = phi i32 [ 0, %5 ], [ %18, %17 ]
  %10 = getelementptr inbounds i32, ptr %0, i64 %8
  %11 = load i32, ptr %10, align 4, !tbaa !5
  %12 = icmp eq i32 %11, %2
  br i1 %12, label %13, label %15

13:                                               ; preds = %7
  %14 = add nsw i32 %9, 1
  br label %17

15:                                               ; preds = %7
  %16 = icmp sgt i32 %11, %2
  br i1 %16, label %21, label %17

17:                                               ; preds = %13, %15
  %18 = phi i32 [ %14, %13 ], [ %9, %15 ]
  %19 = add nuw nsw i64 %8, 1
  %20 = icmp eq i64 %19, %6
  br i1 %20, label %21, label %7, !llvm.loop !9

21:                                               ; preds = %17, %15, %3
  %22 = phi i32 [ 0, %3 ], [ %9, %15 ], [ %18, %17 ]
  ret i32 %22
}

; Function Attrs: nofree norecurse nosync nounwind memory(read, inaccessiblemem: none) uwtable
define dso_local i32 @list_sum(ptr noundef readonly %0) local_unnamed_addr #3 {
  %2 = icmp eq ptr %0, null
  br i1 %2, label %11, label %3

3:                                                ; preds = %1, %3
  %4 = phi i32 [ %8, %3 ], [ 0, %1 ]
  %5 = phi ptr [ %9, %3 ], [ %0, %1 ]
  %6 = getelementptr inbounds i8, ptr %5, i64 8
  %7 = load i32, ptr %6, align 8, !tbaa !11
  %8 = add nsw i32 %7, %4
  %9 = load ptr, ptr %5, align 8, !tbaa !14
  %10 = icmp eq ptr %9, null
  br i1 %10, label %11, label %3, !llvm.loop !15

11:                                               ; preds = %3, %1
  %12 = phi i32 [ 0, %1 ], [ %8, %3 ]
  ret i32 %12
}

; Function Attrs: nofree norecurse nosync nounwind memory(read, inaccessiblemem: none) uwtable
define dso_local ptr @list_find(ptr noundef readonly %0, i32 noundef %1) local_unnamed_addr #3 {
  %3 = icmp eq ptr %0, null
  br i1 %3, label %12, label %4

4:                                                ; preds = %2, %9
  %5 = phi ptr [ %10, %9 ], [ %0, %2 ]
  %6 = getelementptr inbounds i8, ptr %5, i64 8
  %7 = load i32, ptr %6, align 8, !tbaa !11
  %8 = icmp eq i32 %7, %1
  br i1 %8, label %12, label %9

9:                                                ; preds = %4
  %10 = load ptr, ptr %5, align 8, !tbaa !14
  %11 = icmp eq ptr %10, null
  br i1 %11, label %12, label %4, !llvm.loop !16

12:                                               ; preds = %4, %9, %2
  %13 = phi ptr [ null, %2 ], [ null, %9 ], [ %5, %4 ]
  ret ptr %13
}

; Function Attrs: nofree norecurse nosync nounwind memory(argmem: read) uwtable
define dso_local i32 @matrix_trace(i32 noundef %0, ptr nocapture noundef readonly %1) local_unnamed_addr #2 {
  %3 = icmp sgt i32 %0, 0
  br i1 %3, label %4, label %14

4:                                                ; preds = %2
  %5 = zext nneg i32 %0 to i64
  %6 = and i64 %5, 1
  %7 = icmp eq i32 %0, 1
  %8 = and i64 %5, 2147483646
  %9 = icmp eq i64 %6, 0
  br label %10

10:                                               ; preds = %30, %4
  %11 = phi i64 [ 0, %4 ], [ %32, %30 ]
  %12 = phi i32 [ 0, %4 ], [ %31, %30 ]
  %13 = getelementptr inbounds [8 x i32], ptr %1, i64 %11, i64 %11
  br i1 %7, label %16, label %34

14:                                               ; preds = %30, %2
  %15 = phi i32 [ 0, %2 ], [ %31, %30 ]
  ret i32 %15

16:                                               ; preds = %59, %10
  %17 = phi i32 [ poison, %10 ], [ %60, %59 ]
  %18 = phi i64 [ 0, %10 ], [ %61, %59 ]
  %19 = phi i32 [ %12, %10 ], [ %60, %59 ]
  br i1 %9, label %30, label %20

20:                                               ; preds = %16
  %21 = icmp eq i64 %11, %18
  br i1 %21, label %27, label %22

22:                                               ; preds = %20
  %23 = getelementptr inbounds [8 x i32], ptr %1, i64 %11, i64 %18
  %24 = load i32, ptr %23, align 4, !tbaa !5
  %25 = ashr i32 %24, 3
  %26 = xor i32 %25, %19
  br label %30

27:                                               ; preds = %20
  %28 = load i32, ptr %13, align 4, !tbaa !5
  %29 = add nsw i32 %28, %19
  br label %30

30:                                               ; preds = %22, %27, %16
  %31 = phi i32 [ %17, %16 ], [ %29, %27 ], [ %26, %22 ]
  %32 = add nuw nsw i64 %11, 1
  %33 = icmp eq i64 %32, %5
  br i1 %33, label %14, label %10, !llvm.loop !17

34:                                               ; preds = %10, %59
  %35 = phi i64 [ %61, %59 ], [ 0, %10 ]
  %36 = phi i32 [ %60, %59 ], [ %12, %10 ]
  %37 = phi i64 [ %62, %59 ], [ 0, %10 ]
  %38 = icmp eq i64 %11, %35
  br i1 %38, label %39, label %42

39:                                               ; preds = %34
  %40 = load i32, ptr %13, align 4, !tbaa !5
  %41 = add nsw i32 %40, %36
  br label %47

42:                                               ; preds = %34
  %43 = getelementptr inbounds [8 x i32], ptr %1, i64 %11, i64 %35
  %44 = load i32, ptr %43, align 4, !tbaa !5
  %45 = ashr i32 %44, 3
  %46 = xor i32 %45, %36
  br label %47

47:                                               ; preds = %39, %42
  %48 = phi i32 [ %41, %39 ], [ %46, %42 ]
  %49 = or disjoint i64 %35, 1
  %50 = icmp eq i64 %11, %49
  br i1 %50, label %56, label %51

51:                                               ; preds = %47
  %52 = getelementptr inbounds [8 x i32], ptr %1, i64 %11, i64 %49
  %53 = load i32, ptr %52, align 4, !tbaa !5
  %54 = ashr i32 %53, 3
  %55 = xor i32 %54, %48
  br label %59

56:                                               ; preds = %47
  %57 = load i32, ptr %13, align 4, !tbaa !5
  %58 = add nsw i32 %57, %48
  br label %59

59:                                               ; preds = %56, %51
  %60 = phi i32 [ %58, %56 ], [ %55, %51 ]
  %61 = add nuw nsw i64 %35, 2
  %62 = add i64 %37, 2
  %63 = icmp eq i64 %62, %8
  br i1 %63, label %16, label %34, !llvm.loop !18
}

; Function Attrs: mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable
define dso_local range(i32 -1, 4) i32 @classify(i32 noundef %0) local_unnamed_addr #4 {
  %2 = icmp slt i32 %0, 0
  br i1 %2, label %10, label %3

3:                                                ; preds = %1
  %4 = icmp eq i32 %0, 0
  br i1 %4, label %10, label %5

5:                                                ; preds = %3
  %6 = icmp ult i32 %0, 10
  br i1 %6, label %10, label %7

7:                                                ; preds = %5
  %8 = icmp ult i32 %0, 100
  %9 = select i1 %8, i32 2, i32 3
  br label %10

10:                                               ; preds = %7, %5, %3, %1
  %11 = phi i32 [ -1, %1 ], [ 0, %3 ], [ 1, %5 ], [ %9, %7 ]
  ret i32 %11
}

; Function Attrs: nofree norecurse nosync nounwind memory(read, inaccessiblemem: none) uwtable
define dso_local i32 @hash_string(ptr nocapture noundef readonly %0) local_unnamed_addr #3 {
  %2 = load i8, ptr %0, align 1, !tbaa !19
  %3 = icmp eq i8 %2, 0
  br i1 %3, label %14, label %4

4:                                                ; preds = %1, %4
  %5 = phi i8 [ %12, %4 ], [ %2, %1 ]
  %6 = phi i32 [ %11, %4 ], [ 5381, %1 ]
  %7 = phi ptr [ %9, %4 ], [ %0, %1 ]
  %8 = mul i32 %6, 33
  %9 = getelementptr inbounds i8, ptr %7, i64 1
  %10 = zext i8 %5 to i32
  %11 = xor i32 %8, %10
  %12 = load i8, ptr %9, align 1, !tbaa !19
  %13 = icmp eq i8 %12, 0
  br i1 %13, label %14, label %4, !llvm.loop !20

14:                                               ; preds = %4, %1
  %15 = phi i32 [ 5381, %1 ], [ %11, %4 ]
  ret i32 %15
}

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #2 = { nofree norecurse nosync nounwind memory(argmem: read) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #3 = { nofree norecurse nosync nounwind memory(read, inaccessiblemem: none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #4 = { mustprogress nofree norecurse nosync nounwind willreturn memory(none) uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #5 = { nounwind }

!llvm.module.flags = !{!0, !1, !2, !3}
!llvm.ident = !{!4}

!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"PIC Level", i32 2}
!2 = !{i32 7, !"PIE Level", i32 2}
!3 = !{i32 7, !"uwtable", i32 2}
!4 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!5 = !{!6, !6, i64 0}
!6 = !{!"int", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10}
!10 = !{!"llvm.loop.mustprogress"}
!11 = !{!12, !6, i64 8}
!12 = !{!"node", !13, i64 0, !6, i64 8}
!13 = !{!"any pointer", !7, i64 0}
!14 = !{!12, !13, i64 0}
!15 = distinct !{!15, !10}
!16 = distinct !{!16, !10}
!17 = distinct !{!17, !10}
!18 = distinct !{!18, !10}
!19 = !{!7, !7, i64 0}
!20 = distinct !{!20, !10}
